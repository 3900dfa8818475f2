import Foundation

FileHandle.standardError.write(Data("not built yet\n".utf8))
exit(1)
