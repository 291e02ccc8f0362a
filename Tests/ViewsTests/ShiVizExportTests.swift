import Foundation
import SandboxCore
import Simulator
import Testing
import Views

/// ShiViz's view of a log: what its parser regex finds, and the checks its graph builder
/// makes (each host's own count starts at 1 and rises by 1; other entries name known
/// hosts and existing events).
struct ShiVizReading {
    struct Record: Equatable {
        let event: String
        let host: String
        let clock: [String: Int]
    }

    let records: [Record]

    init(_ log: String) throws {
        // ShiViz trims the log and applies the regex globally with the multi-line flag.
        let regex = try NSRegularExpression(pattern: ShiVizExport.parsingRegex, options: [.anchorsMatchLines])
        let text = log.trimmingCharacters(in: .whitespacesAndNewlines) as NSString
        records = try regex.matches(in: text as String, range: NSRange(location: 0, length: text.length)).map { match in
            let clockText = text.substring(with: match.range(withName: "clock"))
            let json = try #require(try JSONSerialization.jsonObject(with: Data(clockText.utf8)) as? [String: Any])
            let clock = try json.mapValues { try #require(($0 as? NSNumber)?.intValue) }
            return Record(event: text.substring(with: match.range(withName: "event")),
                          host: text.substring(with: match.range(withName: "host")), clock: clock)
        }
    }

    /// Problems ShiViz's graph builder would report, if any.
    var problems: [String] {
        var problems: [String] = []
        var counts: [String: [Int]] = [:]
        for record in records {
            guard let own = record.clock[record.host] else {
                problems.append("\(record.event): host \(record.host) missing from its clock")
                continue
            }
            counts[record.host, default: []].append(own)
        }
        for (host, values) in counts where values.sorted() != Array(1...values.count) {
            problems.append("\(host): own counts \(values.sorted()) are not 1, 2, …")
        }
        for record in records {
            for (host, value) in record.clock where host != record.host {
                if value < 1 || value > counts[host]?.count ?? 0 {
                    problems.append("\(record.event): \(host):\(value) names no event")
                }
            }
        }
        return problems
    }
}

@Suite("ShiViz export")
struct ShiVizExportTests {
    @Test func writesTwoLinesPerProcessEvent() {
        let lines = ShiVizExport.log(ThreeNodeTrace.trace).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(Array(lines.prefix(8)) == [
            "e4 local a", #"n1 {"n1":1}"#,
            "e5 send m1 to n2", #"n1 {"n1":2}"#,
            "e6 local b", #"n3 {"n3":1}"#,
            "e7 deliver m1 from n1 (sent e5)", #"n2 {"n1":2,"n2":1}"#,
        ])
        // A drop is told on its send's line.
        #expect(lines.contains("e10 send m4 to n1 (lost: partitioned)"))
        #expect(lines.contains("e16 send m5 to n3 (lost: receiver crashed)"))
        #expect(lines.last == "")
    }

    @Test func parsingRegexReadsBackEveryEventWithItsVector() throws {
        let trace = ThreeNodeTrace.trace
        let reading = try ShiVizReading(ShiVizExport.log(trace))
        let processEvents = ThreeNodeTrace.events.filter(\.kind.isProcessEvent)
        #expect(reading.records.count == processEvents.count)
        for (record, event) in zip(reading.records, processEvents) {
            #expect(record.event.hasPrefix("\(event.id) \(event.kind) "))
            #expect(record.host == event.node?.description)
            // The hand-worked vector, zeros left out.
            let hand = try #require(ThreeNodeTrace.vectors[event.id.rawValue])
            var expected: [String: Int] = [:]
            for (index, count) in hand.enumerated() where count > 0 { expected["n\(index + 1)"] = count }
            #expect(record.clock == expected, "\(event.id)")
        }
        #expect(reading.problems.isEmpty)
    }

    @Test func aRandomSessionWithLossAndPartitionsLoadsCleanly() async throws {
        let simulation = try await idleSimulation(nodes: 5, seed: 99)
        await simulation.setLoss(Probability(partsPerMillion: 200_000))
        let members = (1...5).map(NodeID.init)
        for round in 0..<40 {
            if round == 15 { try await simulation.partition([[n(1), n(2)], [n(3), n(4), n(5)]]) }
            if round == 30 { await simulation.heal() }
            let from = members[round % 5], to = members[(round * 3 + 1) % 5]
            try await simulation.send(from: from, to: from == to ? members[(round + 1) % 5] : to, label: "m\(round)")
            if round % 4 == 0 { _ = try await simulation.local(from, label: "l\(round)") }
            _ = await simulation.run(for: .milliseconds(4))
        }
        _ = await simulation.run(for: .milliseconds(50))
        let trace = await simulation.trace
        let reading = try ShiVizReading(ShiVizExport.log(trace))
        let processEvents = trace.allEvents.filter(\.kind.isProcessEvent)
        #expect(reading.records.count == processEvents.count)
        #expect(trace.allEvents.contains { $0.kind == .drop })
        for (record, event) in zip(reading.records, processEvents) {
            let vector = try #require(trace.vector(of: event.id))
            #expect(record.host == event.node?.description)
            #expect(record.clock == Dictionary(uniqueKeysWithValues: vector.entries.map { ($0.node.description, $0.count) }),
                    "\(event.id)")
        }
        #expect(reading.problems.isEmpty)
    }

    @Test func aWindowedTraceIsRenumberedFromOne() throws {
        var trace = ThreeNodeTrace.trace
        trace.setWindow(8)  // keeps e10…e17: n1 from e13 (its 3rd event), n2 from e10, n3 from e12
        let reading = try ShiVizReading(ShiVizExport.log(trace))
        #expect(reading.records == [
            .init(event: "e10 send m4 to n1 (lost: partitioned)", host: "n2", clock: ["n2": 1]),
            .init(event: "e12 deliver m2 from n2 (sent e8)", host: "n3", clock: ["n3": 1]),
            .init(event: "e13 deliver m3 from n3 (sent e9)", host: "n1", clock: ["n1": 1]),
            .init(event: "e15 timer tick", host: "n1", clock: ["n1": 2]),
            .init(event: "e16 send m5 to n3 (lost: receiver crashed)", host: "n1", clock: ["n1": 3]),
        ])
        #expect(reading.problems.isEmpty)
    }

    @Test func labelsWithLineBreaksStayOnOneLine() throws {
        var trace = TraceStore()
        trace.append(event(1, at: 0, n(1), .local, lamport: 1, sequence: 1, label: "two\nlines {\"n9\":1}"))
        let log = ShiVizExport.log(trace)
        #expect(log == "e1 local two lines {\"n9\":1}\nn1 {\"n1\":1}\n")
        #expect(try ShiVizReading(log).records == [.init(event: "e1 local two lines {\"n9\":1}", host: "n1", clock: ["n1": 1])])
    }
}
