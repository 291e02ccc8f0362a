import ProtocolKit

extension ProtocolRegistry {
    /// Every protocol dsbox ships, in the order `help spawn` lists them. Adding a protocol
    /// adds one line here.
    public static let standard = ProtocolRegistry([
        IdleBehaviour.descriptor,
        EchoBehaviour.descriptor,
        FloodBehaviour.descriptor,
        StopwatchBehaviour.descriptor,
        LastWriterWinsRegister.wallClockDescriptor,
        LastWriterWinsRegister.lamportDescriptor,
        RaftBehaviour.descriptor,
        RaftClient.descriptor,
        MultiValueRegister.descriptor,
    ])
}
