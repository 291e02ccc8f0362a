import ProtocolKit

extension LastWriterWinsRegister {
    /// Stamped by the writer's wall clock: skewed clocks lose writes.
    public static let wallClockDescriptor = ProtocolDescriptor(
        name: "lww", summary: "replicated register, last writer wins by wall-clock stamp (write/read)",
        make: { LastWriterWinsRegister(stamping: .wallClock) })

    /// Stamped by Lamport clocks: causally later writes win whatever the clocks say.
    public static let lamportDescriptor = ProtocolDescriptor(
        name: "lww-lamport", summary: "replicated register, last writer wins by Lamport stamp (write/read)",
        make: { LastWriterWinsRegister(stamping: .lamport) })
}

extension MultiValueRegister {
    public static let descriptor = ProtocolDescriptor(
        name: "mvr", summary: "replicated register keeping concurrent writes as siblings, by version vector",
        make: { MultiValueRegister() })
}
