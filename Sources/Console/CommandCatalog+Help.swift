import Foundation
import ProtocolKit

extension CommandCatalog {
    /// `help`: every command, grouped, wrapped to `width` columns.
    public func overview(width: Int = 80) -> String {
        var lines: [String] = []
        let column = 2 + (entries.map(\.synopsis.count).max() ?? 0) + 2
        for group in Self.groups {
            lines.append(group + ":")
            for entry in entries where entry.group == group {
                lines.append(TextWrap.hanging(("  " + entry.synopsis).padding(toWidth: column), entry.summary, width: width))
            }
        }
        lines.append(TextWrap.hanging("", "Durations: 500us, 20ms, 1.5s, 2m. Nodes: n1, n2, … Events: e1, e2, … '#' starts a comment. "
            + "help COMMAND explains one command.", width: width))
        return lines.joined(separator: "\n")
    }

    /// `help COMMAND`, wrapped to `width` columns.
    public func help(for entry: Entry, width: Int = 80) -> String {
        var lines = [TextWrap.hanging("\(entry.word): ", entry.summary, width: width, indent: 2)]
        for (index, usage) in entry.usage.enumerated() {
            lines.append(TextWrap.hanging(index == 0 ? "  usage:   " : String(repeating: " ", count: 11), usage, width: width, indent: 13))
        }
        lines.append("  example: " + entry.example)
        if entry.word == "spawn" { lines.append(protocolList(width: width)) }
        if let command = entry.protocolCommand, let owner = registry.commands.first(where: { $0.command.word == command.word })?.owner,
           !owner.legend.isEmpty {
            lines.append(legend(of: owner, width: width))
        }
        return lines.joined(separator: "\n")
    }

    /// The protocols `spawn` can start, each with its summary and options.
    private func protocolList(width: Int) -> String {
        let column = 4 + (registry.names.map(\.count).max() ?? 0) + 2
        return "  behaviours:\n" + registry.protocols.map { descriptor in
            TextWrap.hanging(("    " + descriptor.name).padding(toWidth: column), descriptor.summary, width: width)
                + (descriptor.options.isEmpty ? ""
                    : "\n" + TextWrap.hanging(String(repeating: " ", count: column) + "options: ", descriptor.optionsUsage, width: width))
        }.joined(separator: "\n")
    }

    /// What a protocol's messages look like in the trace, from its legend.
    private func legend(of descriptor: ProtocolDescriptor, width: Int) -> String {
        "  messages in the trace:\n" + descriptor.legend.map { line in
            let split = line.range(of: "  ")?.lowerBound ?? line.endIndex
            let prefix = ("    " + line[..<split]).padding(toWidth: 31)
            return TextWrap.hanging(prefix, line[split...].trimmingCharacters(in: .whitespaces), width: width)
        }.joined(separator: "\n")
    }
}
