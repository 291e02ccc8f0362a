import SandboxCore
import Simulator
import Testing
import Views

@Suite("Space-time diagram")
struct SpaceTimeDiagramTests {
    let nodes = ThreeNodeTrace.nodes
    let trace = ThreeNodeTrace.trace

    func reading(from: SimTime? = nil, to: SimTime? = nil, highlight: EventID? = nil,
                 maxEvents: Int = 50) throws -> DiagramReading {
        let text = SpaceTimeDiagram.render(trace, nodes: nodes, from: from, to: to, highlight: highlight,
                                           maxEvents: maxEvents)
        return try DiagramReading(text, nodes: nodes)
    }

    @Test func wholeDiagramOfTheHandBuiltTrace() {
        let expected = """
            vectors over (n1,n2,n3)
                n1      n2      n3    id   time       L   vector   what
                ●       │       │     e4   0.000000s  L1  (1,0,0)  local a
                ●─      │       │     e5   0.000000s  L2  (2,0,0)  send m1 to n2
                │       │       ●     e6   0.000000s  L1  (0,0,1)  local b
                ├─e5───▶●       │     e7   0.010000s  L3  (2,1,0)  deliver m1 from n1 (sent e5)
                │       ●─      │     e8   0.010000s  L4  (2,2,0)  send m2 to n3
                │       │      ─●     e9   0.010000s  L2  (0,0,2)  send m3 to n1
                │      ─●       │     e10  0.010000s  L5  (2,3,0)  send m4 to n1
                │╳──e10─┤       │     e11  0.010000s  L5  (2,3,0)  drop m4 to n1: partitioned
                │       ├─e8───▶●     e12  0.020000s  L5  (2,2,3)  deliver m2 from n2 (sent e8)
                ●◀──────┼────e9─┤     e13  0.020000s  L3  (3,0,2)  deliver m3 from n3 (sent e9)
                ●       │       │     e15  0.030000s  L4  (4,0,2)  timer tick
                ●─      │       │     e16  0.030000s  L5  (5,0,2)  send m5 to n3
                ├─e16───┼───────╳     e17  0.040000s  L5  (5,0,2)  drop m5 from n1: receiver crashed
            """
        #expect(SpaceTimeDiagram.render(trace, nodes: nodes, from: nil, to: nil, highlight: nil, maxEvents: 50) == expected)
    }

    @Test func headerPutsEachNodeOverItsLane() throws {
        let diagram = try reading()
        #expect(diagram.lines[0] == Array("vectors over (n1,n2,n3)"))
        // Lanes 8 columns apart, after the 2-column marker, a space and a 1-column margin.
        #expect(diagram.laneColumns == [n(1): 4, n(2): 12, n(3): 20])
        #expect(String(diagram.header).hasSuffix("id   time       L   vector   what"))
        // Every row keeps every lane: `│` on lanes the row does not involve.
        for id in diagram.order {
            for node in nodes {
                #expect("│●○◉├┤┼╳".contains(diagram.cell(id, node)!), "e\(id) on \(node)")
            }
        }
    }

    @Test func skipsEventsThatAreNotProcessEventsOrDrops() throws {
        let diagram = try reading()
        // Spawns (e1–e3) and the partition (e14) have no row.
        #expect(diagram.order == [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17])
    }

    @Test func eachProcessEventSitsInItsNodesLane() throws {
        let diagram = try reading()
        for event in ThreeNodeTrace.events where event.kind.isProcessEvent {
            let node = try #require(event.node)
            #expect(diagram.cell(event.id.rawValue, node) == "●", "\(event.id) at \(node)")
            for other in nodes where other != node {
                #expect(diagram.cell(event.id.rawValue, other) != "●", "\(event.id) not at \(other)")
            }
        }
    }

    @Test func sendsShowWhereTheMessageLeaves() throws {
        let diagram = try reading()
        #expect(diagram.cell(5, n(1), offset: 1) == "─")   // n1 → n2: leaves to the right
        #expect(diagram.cell(9, n(3), offset: -1) == "─")  // n3 → n1: leaves to the left
        #expect(diagram.cell(10, n(2), offset: -1) == "─") // n2 → n1
        #expect(diagram.cell(10, n(2), offset: 1) == " ")
    }

    @Test func arrowsRunFromTheSendersLaneToTheReceiversWithAHead() throws {
        let diagram = try reading()
        // e7: m1 from n1 to n2, rightwards, labelled with its send e5.
        #expect(diagram.stretch(7, from: n(1), to: n(2)) == "├─e5───▶●")
        #expect(diagram.cell(7, n(3)) == "│")
        // e12: m2 from n2 to n3.
        #expect(diagram.stretch(12, from: n(2), to: n(3)) == "├─e8───▶●")
        #expect(diagram.cell(12, n(1)) == "│")
        // e13: m3 from n3 back to n1, leftwards, passing over n2's lane.
        #expect(diagram.stretch(13, from: n(1), to: n(3)) == "●◀──────┼────e9─┤")
        #expect(diagram.cell(13, n(1), offset: 1) == "◀")
        #expect(diagram.cell(13, n(2)) == "┼")
        #expect(diagram.cell(13, n(3)) == "┤")
    }

    @Test func dropsShowWhereTheMessageWasLost() throws {
        let diagram = try reading()
        // e11: the network lost m4 on its way from n2 to n1 (partitioned): ╳ short of n1.
        #expect(diagram.stretch(11, from: n(1), to: n(2)) == "│╳──e10─┤")
        #expect(diagram.rows[11]?.what == "drop m4 to n1: partitioned")
        // e17: m5 reached n3, which had crashed: ╳ on n3's lane, the line crossing n2.
        #expect(diagram.stretch(17, from: n(1), to: n(3)) == "├─e16───┼───────╳")
        #expect(diagram.rows[17]?.what == "drop m5 from n1: receiver crashed")
    }

    @Test func everyRowShowsItsVectorOverTheDrawnNodes() throws {
        let diagram = try reading()
        for id in diagram.order {
            let expected = try #require(ThreeNodeTrace.vectors[id])
            #expect(diagram.rows[id]?.vector == "(" + expected.map(String.init).joined(separator: ",") + ")", "e\(id)")
        }
        #expect(diagram.rows[13].map { String($0.line) }?.contains("L3  (3,0,2)  deliver m3 from n3 (sent e9)") == true)
    }

    @Test func capsTheRowsAndSaysHowToPage() throws {
        let diagram = try reading(maxEvents: 5)
        #expect(diagram.order == [4, 5, 6, 7, 8])
        #expect(diagram.footer == ["… 8 more events from e9 at 0.010000s; next page: diagram from 0.010000s"])
    }

    @Test func windowsByTime() throws {
        let window = try reading(from: ms(10), to: ms(20))
        #expect(window.order == [7, 8, 9, 10, 11, 12, 13])
        #expect(window.footer.isEmpty)
        // Columns stay where they are in a window.
        #expect(window.laneColumns == [n(1): 4, n(2): 12, n(3): 20])

        let capped = try reading(from: ms(20), to: ms(30), maxEvents: 2)
        #expect(capped.order == [12, 13])
        #expect(capped.footer == ["… 2 more events from e15 at 0.030000s; next page: diagram from 0.030000s to 0.030000s"])

        let empty = SpaceTimeDiagram.render(trace, nodes: nodes, from: ms(41), to: nil, highlight: nil, maxEvents: 5)
        #expect(empty == "no events of n1 n2 n3 to draw from 0.041000s on")
    }

    @Test func pagingByTimeThatCannotMoveOnSaysSo() throws {
        // Four rows at 10 ms; a page of two starting there can never get past them by time.
        let diagram = try reading(from: ms(10), maxEvents: 2)
        #expect(diagram.order == [7, 8])
        #expect(diagram.footer == ["… 8 more events from e9 at 0.010000s; more than 2 rows at 0.010000s: raise the row limit to see past them"])
    }

    @Test func highlightMarksCausalPastFutureAndConcurrentEvents() throws {
        let diagram = try reading(highlight: e(7))
        // Worked out in ThreeNodeTrace: ^ before e7, v after, || concurrent; drops have none.
        let expected: [Int: String] = [
            4: "^", 5: "^", 6: "||", 7: ">>", 8: "v", 9: "||", 10: "v", 11: "",
            12: "v", 13: "||", 15: "||", 16: "||", 17: "",
        ]
        for id in diagram.order {
            #expect(diagram.rows[id]?.marker == expected[id], "e\(id)")
        }
        // The event itself is ◉, concurrent ones are hollow, related ones stay filled.
        #expect(diagram.cell(7, n(2)) == "◉")
        #expect(diagram.cell(6, n(3)) == "○")
        #expect(diagram.cell(13, n(1)) == "○")
        #expect(diagram.cell(4, n(1)) == "●")
        #expect(diagram.cell(12, n(3)) == "●")
        #expect(diagram.footer == [
            "highlight e7: >> e7 (◉); ^ happens before it, v after it, || concurrent (○)",
        ])
        // The markers agree with the trace's own happens-before.
        for id in diagram.order where ThreeNodeTrace.vectors[id] != nil && expected[id] != "" {
            let relation = trace.order(e(id), e(7))
            let marker: String? = switch relation {
            case .before: "^"
            case .after: "v"
            case .concurrent: "||"
            case .same: ">>"
            case nil: nil
            }
            #expect(diagram.rows[id]?.marker == marker)
        }
    }

    @Test func highlightOfSomethingThatIsNotAProcessEventMarksNothing() throws {
        let diagram = try reading(highlight: e(14))
        #expect(diagram.order.allSatisfy { diagram.rows[$0]?.marker == "" })
        #expect(diagram.footer == ["highlight e14: not a process event of the trace; nothing marked"])
        let offPage = try reading(to: ms(0), highlight: e(13))
        #expect(offPage.rows[6]?.marker == "^")  // b (0,0,1) reaches n1 with m3
        #expect(offPage.footer.last?.hasSuffix("(e13 is not on this page)") == true)
    }

    @Test func nodesNotDrawnAreLeftOut() throws {
        let text = SpaceTimeDiagram.render(trace, nodes: [n(3), n(1)], from: nil, to: nil, highlight: nil, maxEvents: 50)
        let diagram = try DiagramReading(text, nodes: [n(3), n(1)])
        #expect(diagram.lines[0] == Array("vectors over (n3,n1)"))
        #expect(diagram.laneColumns == [n(3): 4, n(1): 12])
        #expect(!diagram.order.contains(7) && !diagram.order.contains(11))
        // n3 → n1 now runs rightwards; m1's delivery at n2 is not drawn at all.
        #expect(diagram.stretch(13, from: n(3), to: n(1)) == "├─e9───▶●")
        #expect(diagram.rows[12]?.vector == "(3,2)")
    }

    /// A long random session: columns stay aligned over 50+ rows, and every row's vector
    /// is the trace's.
    @Test func columnsStayAlignedOverManyEvents() async throws {
        let simulation = try await idleSimulation(nodes: 4)
        let members = (1...4).map(NodeID.init)
        var seed: UInt64 = 12_345
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        for step in 0..<60 {
            let from = members[next(4)]
            let to = members[(members.firstIndex(of: from)! + 1 + next(3)) % 4]
            if next(5) == 0 {
                _ = try await simulation.local(from, label: "l\(step)")
            } else {
                try await simulation.send(from: from, to: to, label: "m\(step)")
            }
            _ = await simulation.run(for: .milliseconds(Int64(next(8))))
        }
        _ = await simulation.run(for: .milliseconds(50))
        let trace = await simulation.trace
        let text = SpaceTimeDiagram.render(trace, nodes: members, from: nil, to: nil, highlight: nil, maxEvents: 500)
        let diagram = try DiagramReading(text, nodes: members)
        #expect(diagram.order.count >= 100)
        #expect(diagram.footer.isEmpty)
        for id in diagram.order {
            let row = try #require(diagram.rows[id])
            let event = try #require(trace[e(id)])
            // The id column starts at the same place in every row, after two spaces.
            #expect(Array(row.line[diagram.idColumn - 2 ..< diagram.idColumn]) == [" ", " "])
            #expect(row.line[diagram.idColumn] == "e")
            #expect(row.line[diagram.whatColumn - 1] == " " && row.line[diagram.whatColumn] != " ")
            #expect(row.vector == trace.vector(of: e(id))?.dense(over: members))
            if event.kind.isProcessEvent {
                #expect(diagram.cell(id, try #require(event.node)) == "●")
            }
            if event.kind == .deliver, let sender = event.peer, let receiver = event.node {
                let toRight = members.firstIndex(of: receiver)! > members.firstIndex(of: sender)!
                #expect(diagram.cell(id, sender) == (toRight ? "├" : "┤"))
                #expect(diagram.cell(id, receiver, offset: toRight ? -1 : 1) == (toRight ? "▶" : "◀"))
            }
        }
    }
}
