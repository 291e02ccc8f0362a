import SandboxCore
import Simulator
import Testing
import Views

@Suite("Mermaid export")
struct MermaidExportTests {
    @Test func sequenceDiagramOfTheHandBuiltTrace() {
        let text = MermaidExport.sequenceDiagram(ThreeNodeTrace.trace, nodes: ThreeNodeTrace.nodes)
        let expected = """
            sequenceDiagram
                participant n1
                participant n2
                participant n3
                Note over n1: a (e4) L=1
                Note over n3: b (e6) L=1
                n1->>n2: m1 (e5→e7)
                n2--xn1: m4 (e10 lost: partitioned)
                n2->>n3: m2 (e8→e12)
                n3->>n1: m3 (e9→e13)
                Note over n1,n3: partition n1 | n2 n3 (e14)
                Note over n1: timer tick (e15) L=4
                n1--xn3: m5 (e16 lost: receiver crashed)

            """
        #expect(text == expected)
    }

    @Test func leavesOutWhatInvolvesNodesNotListed() {
        let text = MermaidExport.sequenceDiagram(ThreeNodeTrace.trace, nodes: [n(2), n(1)])
        #expect(text.split(separator: "\n") == [
            "sequenceDiagram",
            "    participant n2",
            "    participant n1",
            "    Note over n1: a (e4) L=1",
            "    n1->>n2: m1 (e5→e7)",
            "    n2--xn1: m4 (e10 lost: partitioned)",
            "    Note over n2,n1: partition n1 | n2 n3 (e14)",
            "    Note over n1: timer tick (e15) L=4",
        ])
    }

    @Test func escapesWhatMermaidTreatsSpecially() {
        var trace = TraceStore()
        trace.append(event(1, at: 0, n(1), .local, lamport: 1, sequence: 1, label: "x: 1; #2 50% <b>&"))
        trace.append(event(2, at: 0, n(1), .send, peer: n(2), lamport: 2, sequence: 2, local: 1, label: "a;b\nc"))
        trace.append(event(3, at: 10, n(2), .deliver, peer: n(1), lamport: 3, sequence: 1, message: 2, label: "a;b\nc"))
        trace.append(event(4, at: 10, n(2), .crash))
        trace.append(event(5, at: 10, n(2), .note, lamport: 3, local: 3, label: "leader: n2"))
        let lines = MermaidExport.sequenceDiagram(trace, nodes: [n(1), n(2)]).split(separator: "\n")
        #expect(Array(lines.dropFirst(3)) == [
            "    Note over n1: x#58; 1#59; #35;2 50#37; #lt;b#gt;#amp; (e1) L=1",
            "    n1->>n2: a#59;b c (e2→e3)",
            "    Note over n2: crash (e4)",
            "    Note over n2: leader#58; n2 (e5)",
        ])
        // No statement can be cut short: after the first `: `, no `;` and no `#` that is
        // not an entity code.
        for line in lines.dropFirst(3) {
            let text = line.split(separator: ":", maxSplits: 1)[1]
            #expect(!text.replacing(/#(\d+|[a-z]+);/, with: "").contains("#"))
            #expect(!text.replacing(/#(\d+|[a-z]+);/, with: "").contains(";"))
        }
    }

    @Test func anEmptyLabelLeavesJustTheIDs() {
        var trace = TraceStore()
        trace.append(event(1, at: 0, n(1), .local, lamport: 1, sequence: 1))
        trace.append(event(2, at: 0, n(1), .send, peer: n(2), lamport: 2, sequence: 2, local: 1))
        trace.append(event(3, at: 5, n(2), .deliver, peer: n(1), lamport: 3, sequence: 1, message: 2))
        #expect(MermaidExport.sequenceDiagram(trace, nodes: [n(1), n(2)]).split(separator: "\n").suffix(2) == [
            "    Note over n1: local (e1) L=1",
            "    n1->>n2: (e2→e3)",
        ])
    }
}
