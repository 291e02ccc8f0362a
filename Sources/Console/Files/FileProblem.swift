import Foundation

/// Why dsbox would not, or could not, read or write a file: a sentence for the person,
/// e.g. `cannot read lib/x.dsb: no such file (looked in /abs/lib/x.dsb)`.
public struct FileProblem: Error, Equatable, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }

    /// The reason an operating-system call failed, in words (`no such file`, `permission denied`).
    static func reason(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file"
        case EACCES, EPERM: return "permission denied"
        case EISDIR: return "is a directory"
        case ENOTDIR: return "a part of the path is not a folder"
        case ENOSPC: return "no space left on the device"
        case EDQUOT: return "disk quota exceeded"
        case EROFS: return "read-only file system"
        case ELOOP: return "too many symbolic links"
        case ENAMETOOLONG: return "file name too long"
        case EIO: return "input/output error"
        case EFBIG: return "file too large"
        default: return String(cString: strerror(code))
        }
    }
}
