/// A `show` view a protocol adds (`show raft`, `show log NODE`): its name, forms and how
/// it renders the inspection.
public struct ProtocolView: Sendable {
    /// Renders the view for one parsed form.
    public typealias Render = @Sendable (ProtocolInspection, Arguments) throws(InspectionProblem) -> String

    /// The word after `show`.
    public let name: String
    public let summary: String
    public let forms: [CommandForm<Render>]

    public init(name: String, summary: String, forms: [CommandForm<Render>]) {
        self.name = name
        self.summary = summary
        self.forms = forms
    }

    /// A view with one form.
    public init(name: String, summary: String, parameters: [Parameter] = [], render: @escaping Render) {
        self.init(name: name, summary: summary, forms: [CommandForm(parameters, meaning: render)])
    }

    /// Each form's usage line, after `show`.
    public var usage: [String] { forms.map { $0.usage(after: "show " + name) } }
}

/// An `expect` claim a protocol adds (`expect leader n3`): the word after `expect`, its
/// forms, and how it is judged against the inspection.
public struct ProtocolExpectation: Sendable {
    /// Judges the claim: whether it holds, and what was found either way.
    public typealias Judge = @Sendable (ProtocolInspection, Arguments) throws(InspectionProblem) -> Verdict

    public let word: String
    public let summary: String
    public let forms: [CommandForm<Judge>]

    public init(word: String, summary: String, parameters: [Parameter], judge: @escaping Judge) {
        self.word = word
        self.summary = summary
        self.forms = [CommandForm(parameters, meaning: judge)]
    }

    /// Each form's usage line, after `expect`.
    public var usage: [String] { forms.map { $0.usage(after: "expect " + word) } }
}

/// Whether a claim holds, and the evidence: what `ok: …` or `expectation failed: …` says.
public struct Verdict: Sendable, Equatable {
    public let holds: Bool
    public let evidence: String

    public init(holds: Bool, _ evidence: String) {
        self.holds = holds
        self.evidence = evidence
    }
}
