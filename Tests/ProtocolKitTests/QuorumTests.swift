import ProtocolKit
import Testing

/// The quorum arithmetic, checked against its definitions rather than a table copied
/// from the code: two quorums of the same kind must intersect (in f+1 members for the
/// Byzantine one), and no smaller size would.
@Suite struct QuorumTests {
    @Test("textbook sizes", arguments: [
        (Quorum.majority, 1, 1), (.majority, 3, 2), (.majority, 4, 3), (.majority, 5, 3), (.majority, 7, 4),
        (.all, 1, 1), (.all, 5, 5),
        (.byzantine, 4, 3), (.byzantine, 7, 5), (.byzantine, 10, 7), (.byzantine, 1, 1),
    ])
    func textbookSizes(_ quorum: Quorum, _ members: Int, _ size: Int) {
        #expect(quorum.size(of: members) == size)
    }

    @Test("any two quorums intersect, and one member fewer would not guarantee it", arguments: 1...30)
    func quorumsIntersect(_ members: Int) {
        let majority = Quorum.majority.size(of: members)
        #expect(2 * majority > members)
        #expect(2 * (majority - 1) <= members)

        let faults = Quorum.byzantineFaultsTolerated(by: members)
        #expect(members >= 3 * faults + 1 && members < 3 * (faults + 1) + 1)
        let byzantine = Quorum.byzantine.size(of: members)
        // Two quorums overlap in at least 2q - n members; f+1 of them guarantee a correct one.
        #expect(2 * byzantine - members >= faults + 1)
        #expect(2 * (byzantine - 1) - members < faults + 1 || byzantine - 1 < 1)
        // A quorum can still form when the f faulty members stay silent.
        #expect(byzantine <= members - faults)
        #expect(Quorum.all.isReached(by: members, of: members))
        #expect(!Quorum.all.isReached(by: members - 1, of: members))
    }
}
