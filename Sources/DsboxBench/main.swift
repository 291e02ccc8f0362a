import Foundation
import SandboxCore

// dsbox's kernel benchmark.
//
//   DsboxBench [--repeat N] [--nodes A,B,…]   measure every case, print the table
//   DsboxBench case (kernel|bare) NODES  one case in this process, one result line
//   DsboxBench trace-view                 the trace-view case in this process
//
// The parent only spawns children and prints; each child runs one case, so the peak
// memory it reports is that case's own.

let arguments = Array(CommandLine.arguments.dropFirst())

func usage() -> Never {
    FileHandle.standardError.write(Data("""
        usage: DsboxBench [--repeat N] [--nodes 5,10000] [--raft COMMANDS]
               DsboxBench case (kernel|bare) NODES
               DsboxBench trace-view [NODES]

        """.utf8))
    exit(2)
}

if arguments.first == "raft" {
    let commands = arguments.count > 1 ? Int(arguments[1]) ?? 100_000 : 100_000
    print(await RaftCase.measure(commands: commands).line)
    exit(0)
}

if arguments.first == "trace-view" {
    let nodes = arguments.count > 1 ? Int(arguments[1]) ?? TraceViewCase.nodes : TraceViewCase.nodes
    print(await TraceViewCase.measure(nodes: nodes).line)
    exit(0)
}

if arguments.first == "case" {
    guard arguments.count == 3, let loop = LoopKind(rawValue: arguments[1]),
          let nodes = Int(arguments[2]), (2...NodeID.maximumRawValue).contains(nodes) else { usage() }
    let workload = EchoWorkload(nodes: nodes)
    let result = switch loop {
    case .bare: BareLoop.measure(workload)
    case .kernel: await KernelCase.measure(workload)
    }
    print(result.line)
    exit(0)
}

var repetitions = 5
var raftCommands = 100_000
var sizes = [5, 10_000]
var remaining = arguments[...]
while let option = remaining.popFirst() {
    switch option {
    case "--repeat":
        guard let value = remaining.popFirst().flatMap({ Int($0) }), value >= 1 else { usage() }
        repetitions = value
    case "--raft":
        guard let value = remaining.popFirst().flatMap({ Int($0) }), value >= 1 else { usage() }
        raftCommands = value
    case "--nodes":
        guard let value = remaining.popFirst() else { usage() }
        let parsed = value.split(separator: ",").compactMap { Int($0) }
        guard !parsed.isEmpty, parsed.count == value.split(separator: ",").count, parsed.allSatisfy({ (2...NodeID.maximumRawValue).contains($0) })
        else { usage() }
        sizes = parsed
    default:
        usage()
    }
}

/// Progress goes to standard error, and only to a terminal.
func progress(_ text: String) {
    if isatty(STDERR_FILENO) != 0 { FileHandle.standardError.write(Data(text.utf8)) }
}

let loadAverage = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?
    .split(separator: " ").first.map(String.init)
var report = Report(sizes: sizes, repetitions: repetitions)
do {
    for nodes in sizes {
        for run in 1...repetitions {
            for loop in LoopKind.allCases {
                progress("  running \(loop.rawValue) \(nodes) nodes (\(run)/\(repetitions))    \r")
                report.add(try CaseRunner.run(loop, nodes: nodes))
            }
        }
    }
    progress(String(repeating: " ", count: 50) + "\r")
} catch {
    FileHandle.standardError.write(Data("\nDsboxBench: \(error)\n".utf8))
    exit(1)
}
print(report.render(loadAverage: loadAverage))
progress("  running raft (\(raftCommands) commands)    \r")
do {
    print("")
    print(try RaftCase.runInChild(commands: raftCommands).report)
} catch {
    FileHandle.standardError.write(Data("\nDsboxBench: \(error)\n".utf8))
    exit(1)
}
progress("  running trace views (1 M events)    \r")
do {
    print("")
    print(try TraceViewCase.runInChild().report)
} catch {
    FileHandle.standardError.write(Data("\nDsboxBench: \(error)\n".utf8))
    exit(1)
}
