import Foundation
@testable import Protocols
import SandboxCore
import Testing

/// The legend of Raft's message abbreviations (`help raft`, the README) shows what the
/// trace really prints: each example is the label of a real message.
@Suite struct RaftLegendTests {
    static func entries(_ count: Int, term: Int) -> [RaftEntry] {
        Array(repeating: RaftEntry(term: term, command: .noop), count: count)
    }

    /// The label each legend line's example stands for, built from real messages.
    static let labels: [[String]] = [
        [RaftMessage.VoteRequest(term: 5, candidate: NodeID(2), lastLogIndex: 3, lastLogTerm: 4).label],
        [RaftMessage.VoteReply(term: 5, granted: true).label, RaftMessage.VoteReply(term: 5, granted: false).label],
        [RaftMessage.PreVoteRequest(term: 5, candidate: NodeID(2), lastLogIndex: 3, lastLogTerm: 4).label],
        [RaftMessage.PreVoteReply(term: 5, granted: true, voterTerm: 4).label, RaftMessage.PreVoteReply(term: 5, granted: false, voterTerm: 4).label],
        [RaftMessage.Append(term: 2, leader: NodeID(1), prevLogIndex: 3, prevLogTerm: 2, entries: entries(3, term: 2), leaderCommit: 3).label],
        [RaftMessage.Append(term: 2, leader: NodeID(1), prevLogIndex: 6, prevLogTerm: 2, entries: [], leaderCommit: 3).label],
        [RaftMessage.AppendReply(term: 2, success: true, matchIndex: 6, conflictIndex: 0, conflictTerm: nil).label],
        [RaftMessage.AppendReply(term: 2, success: true, matchIndex: 6, conflictIndex: 0, conflictTerm: nil, toHeartbeat: true).label],
        [RaftMessage.AppendReply(term: 2, success: false, matchIndex: 0, conflictIndex: 4, conflictTerm: 1).label],
        [RaftClientMessage.Command(id: 7, operation: "put", arguments: ["x", "1"]).label],
        [RaftClientMessage.Redirect(id: 7, leader: NodeID(3)).label],
        [RaftClientMessage.Result(id: 7, text: "ok (index 4, term 2)").label],
    ]

    @Test("every legend example is what the trace prints for that message")
    func legendMatchesLabels() {
        #expect(RaftMessage.legend.count == Self.labels.count)
        for (line, labels) in zip(RaftMessage.legend, Self.labels) {
            let example = String(line[..<line.range(of: "  ")!.lowerBound])
            let shown = labels.count == 2 && example.contains("/")
                ? labels[0].replacingOccurrences(of: "yes", with: "yes/no")
                : labels.joined(separator: ", ")
            #expect(example == shown)
        }
    }

    @Test("the README carries the same legend")
    func readmeHasTheLegend() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = String(decoding: try Data(contentsOf: readme), as: UTF8.self)
        for line in RaftMessage.legend {
            let split = line.range(of: "  ")!.lowerBound
            let row = "| `\(line[..<split])` | \(line[split...].trimmingCharacters(in: .whitespaces)) |"
            #expect(text.contains(row), "README lacks: \(row)")
        }
    }
}
