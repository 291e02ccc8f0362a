import SandboxCore
import Simulator

extension SpaceTimeDiagram {
    /// Where each node's lane sits in a row: lane `i` is at column
    /// `leftMargin + i × spacing`, with room on both sides for send stubs and drops.
    struct Lanes {
        /// The drawn nodes, left to right, each once.
        let nodes: [NodeID]
        /// Columns from one lane to the next: at least 8, so that an arrow between
        /// neighbours has room for a send id up to `e9999`.
        let spacing: Int
        private let positions: [NodeID: Int]

        static let leftMargin = 1
        static let rightMargin = 3

        init(nodes: [NodeID]) {
            var seen = Set<NodeID>()
            self.nodes = nodes.filter { seen.insert($0).inserted }
            spacing = max(8, (self.nodes.map(\.description.count).max() ?? 0) + 2)
            var positions: [NodeID: Int] = [:]
            for (lane, node) in self.nodes.enumerated() { positions[node] = lane }
            self.positions = positions
        }

        /// The lane of `node`, if it is drawn.
        func lane(of node: NodeID?) -> Int? { node.flatMap { positions[$0] } }

        func column(ofLane lane: Int) -> Int { Self.leftMargin + lane * spacing }

        /// Characters in the lane part of every row.
        var width: Int { Self.leftMargin + (nodes.count - 1) * spacing + 1 + Self.rightMargin }

        func isLaneColumn(_ column: Int) -> Bool {
            let offset = column - Self.leftMargin
            return offset >= 0 && offset % spacing == 0 && offset / spacing < nodes.count
        }

        /// Node names, each starting at its lane's column.
        var header: String {
            var text = ""
            for (lane, node) in nodes.enumerated() {
                text = text.padding(toWidth: column(ofLane: lane)) + node.description
            }
            return text.padding(toWidth: width)
        }
    }

    /// The lane part of one row, drawn cell by cell: `│` on every lane, then the event.
    struct LaneRow {
        private(set) var cells: [Character]
        let lanes: Lanes

        init(lanes: Lanes) {
            self.lanes = lanes
            cells = Array(repeating: " ", count: lanes.width)
            for lane in lanes.nodes.indices { cells[lanes.column(ofLane: lane)] = "│" }
        }

        var text: String { String(cells) }

        mutating func put(_ glyph: Character, onLane lane: Int) { cells[lanes.column(ofLane: lane)] = glyph }

        /// A send: the event, and a one-cell stub on the side the message leaves towards
        /// (to the right when the receiver is not drawn).
        mutating func send(onLane lane: Int, toward receiver: Int?, glyph: Character) {
            put(glyph, onLane: lane)
            guard receiver != lane else { return }
            let direction = (receiver ?? lane + 1) > lane ? 1 : -1
            cells[lanes.column(ofLane: lane) + direction] = "─"
        }

        /// A line leaving the lane at column `start` (`├` or `┤`), running to `end` where it
        /// finishes with `terminal`, crossing lanes as `┼`; `label` is written on the
        /// line's first stretch when it fits with a `─` on either side.
        mutating func arrow(from start: Int, to end: Int, terminal: Character, label: String) {
            let direction = end > start ? 1 : -1
            cells[start] = direction > 0 ? "├" : "┤"
            var column = start + direction
            while column != end {
                cells[column] = lanes.isLaneColumn(column) ? "┼" : "─"
                column += direction
            }
            cells[end] = terminal
            write(label, alongLineFrom: start, to: end, direction: direction)
        }

        private mutating func write(_ label: String, alongLineFrom start: Int, to end: Int, direction: Int) {
            guard !label.isEmpty else { return }
            // The first obstacle after the start: the next lane crossed, or the line's end.
            var obstacle = start + direction
            while obstacle != end, !lanes.isLaneColumn(obstacle) { obstacle += direction }
            let length = label.count
            let first = direction > 0 ? start + 2 : start - 1 - length
            let last = first + length - 1
            let fits = direction > 0 ? last <= obstacle - 2 : first >= obstacle + 2
            guard fits else { return }
            for (offset, character) in label.enumerated() { cells[first + offset] = character }
        }
    }

    /// The lane part of the row for `event`, its own mark drawn as `glyph`.
    static func drawing(of event: TraceEvent, lanes: Lanes, glyph: Character) -> String {
        var row = LaneRow(lanes: lanes)
        guard let lane = lanes.lane(of: event.node) else { return row.text }
        let peer = lanes.lane(of: event.peer)
        let sendID = event.messageParent?.description ?? ""
        switch event.kind {
        case .send:
            row.send(onLane: lane, toward: peer, glyph: glyph)
        case .deliver:
            row.put(glyph, onLane: lane)
            if let sender = peer, sender != lane {
                let end = lanes.column(ofLane: lane), direction = lane > sender ? 1 : -1
                row.arrow(from: lanes.column(ofLane: sender), to: end - direction,
                          terminal: direction > 0 ? "▶" : "◀", label: sendID)
            }
        case .drop:
            drawDrop(event, lane: lane, peer: peer, label: sendID, on: &row)
        default:
            row.put(glyph, onLane: lane)
        }
        return row.text
    }

    /// A drop at a dead receiver is recorded there, with the sender as peer: the message
    /// reached the lane and died (`╳` on it). Any other drop is recorded at the sender:
    /// the network lost it on the way (`╳` just short of the receiver).
    private static func drawDrop(_ event: TraceEvent, lane: Int, peer: Int?, label: String, on row: inout LaneRow) {
        let lanes = row.lanes
        let atReceiver = event.dropReason == .receiverCrashed || event.dropReason == .lostInCrash
        if atReceiver {
            guard let sender = peer, sender != lane else { return row.put("╳", onLane: lane) }
            row.arrow(from: lanes.column(ofLane: sender), to: lanes.column(ofLane: lane), terminal: "╳", label: label)
        } else {
            let start = lanes.column(ofLane: lane)
            guard let receiver = peer, receiver != lane else {
                return row.arrow(from: start, to: start + 2, terminal: "╳", label: label)
            }
            let direction = receiver > lane ? 1 : -1
            row.arrow(from: start, to: lanes.column(ofLane: receiver) - direction, terminal: "╳", label: label)
        }
    }
}
