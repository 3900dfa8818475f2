import CompressNIO
import Foundation
import NIOCore

/// gzip (RFC 1952) through compress-nio's zlib binding: the `.tar.gz` packages the partners expect.
public enum Gzip {
    public static func compress(_ data: Data) throws -> Data {
        var input = ByteBuffer(bytes: data)
        let output = try input.compress(with: .gzip())
        return Data(output.readableBytesView)
    }

    public static func decompress(_ data: Data, limit: Int) throws -> Data {
        var input = ByteBuffer(bytes: data)
        let output = try input.decompress(with: .gzip(), maxSize: limit)
        return Data(output.readableBytesView)
    }
}
