import Foundation
import Hummingbird
import NIOCore

extension Response {
    /// A file to save: `200` with `Content-Disposition: attachment` (DCE files and archives, letters).
    static func attachment(_ data: Data, contentType: String, fileName: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: contentType, .contentDisposition: "attachment; filename=\"\(fileName)\""],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
