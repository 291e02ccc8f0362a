import ProtocolKit

extension IdleBehaviour {
    public static let descriptor = ProtocolDescriptor(
        name: "none", summary: "acts only when told (local, send); for clock and ordering labs", make: { IdleBehaviour() })
}

extension EchoBehaviour {
    public static let descriptor = ProtocolDescriptor(
        name: "echo", summary: "replies 'echo LABEL' to every message it receives", make: { EchoBehaviour() })
}

extension FloodBehaviour {
    public static let descriptor = ProtocolDescriptor(
        name: "flood", summary: "re-broadcasts each new rumour once to every node it knows", make: { FloodBehaviour() })
}
