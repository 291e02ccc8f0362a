import SandboxCore

/// The requests every replicated register understands: `write KEY VALUE` and `read KEY`.
enum RegisterRequest {
    case write(key: String, value: String)
    case read(key: String)

    init?(_ request: ClientRequest) {
        switch (request.operation, request.arguments.count) {
        case ("write", 2): self = .write(key: request.arguments[0], value: request.arguments[1])
        case ("read", 1): self = .read(key: request.arguments[0])
        default: return nil
        }
    }

    static let usage = "registers understand: write KEY VALUE, read KEY"

    /// What a register refuses of a request (anything but write and read), or nil.
    static func refusal(of request: ClientRequest) -> String? {
        RegisterRequest(request) == nil ? usage : nil
    }
}
