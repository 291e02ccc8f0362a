import ProtocolKit

extension CommandCatalog {
    /// One command, declared once: its word and `help` text, how its arguments are parsed
    /// and what Tab offers for them.
    public struct Entry: Sendable {
        /// Reads the words after the command word.
        typealias Parse = @Sendable (inout TokenCursor, CommandCatalog) throws(CommandError) -> Command
        /// What may come next, given the words typed so far.
        typealias Complete = @Sendable (CompletionRequest) -> Completer.Choices
        /// What one declared form of a built-in command means.
        typealias Meaning = @Sendable (Arguments) -> Command

        public let word: String
        /// The protocol command this entry is, or nil for one of dsbox's own.
        public let protocolCommand: ProtocolCommand?
        public let group: String
        /// All forms in one short line, for the `help` overview.
        public let synopsis: String
        public let usage: [String]
        public let summary: String
        public let example: String
        let parse: Parse
        let complete: Complete

        /// A command with its own parser and completion.
        init(word: String, group: String, synopsis: String? = nil, usage: [String], summary: String, example: String,
             parse: @escaping Parse, complete: @escaping Complete = { _ in .words([]) }) {
            self.word = word
            self.protocolCommand = nil
            self.group = group
            self.synopsis = synopsis ?? usage[0]
            self.usage = usage
            self.summary = summary
            self.example = example
            self.parse = parse
            self.complete = complete
        }

        /// A command whose forms say everything: usage, parsing and completion follow from them.
        init(word: String, group: String, synopsis: String? = nil, summary: String, example: String, forms: [CommandForm<Meaning>]) {
            let usage = forms.map { $0.usage(after: word) }
            self.init(word: word, group: group, synopsis: synopsis, usage: usage, summary: summary, example: example,
                      parse: { cursor, _ throws(CommandError) in
                          let match = try FormParser.parse(forms, &cursor)
                          return match.form.meaning(match.arguments)
                      },
                      complete: { request in
                          FormCompleter.choices(forms.map(\.parameters), typed: request.arguments, nodes: request.context.nodes)
                      })
        }

        /// A protocol's command: an action on one node.
        init(declaredBy command: ProtocolCommand) {
            word = command.word
            protocolCommand = command
            group = command.group
            usage = command.usage
            synopsis = usage[0]
            summary = command.summary
            example = command.example
            parse = { cursor, _ throws(CommandError) in
                let match = try FormParser.parse(command.forms, &cursor)
                switch match.form.meaning(match.arguments) {
                case .setUp(let node, let request): return .setUp(node, request)
                case .ask(let node, let request): return .ask(node, request)
                }
            }
            complete = { request in
                FormCompleter.choices(command.forms.map(\.parameters), typed: request.arguments, nodes: request.context.nodes)
            }
        }
    }
}

/// What completion knows when it asks a command for the next word.
struct CompletionRequest {
    /// The words typed after the command word, the partial one excluded.
    let arguments: [String]
    /// The word being typed.
    let partial: String
    let context: CompletionContext
    let catalog: CommandCatalog
}

/// One form of a built-in command: its parameters and the command they make.
func builtinForm(_ parameters: [Parameter], _ meaning: @escaping CommandCatalog.Entry.Meaning) -> CommandForm<CommandCatalog.Entry.Meaning> {
    CommandForm(parameters, meaning: meaning)
}
