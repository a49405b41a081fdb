import Foundation
import Testing
import TestSupport

/// testdata/MANIFEST.json, as TestSupport reads it; named here so the CLI tests need not import TestSupport
/// (whose `ProcessResult` differs from the harness's).
typealias Manifest = TestSupport.Manifest

extension Manifest {
    /// For parameterized tests. Empty when the manifest cannot be read — `manifestIsReadable` then fails,
    /// so an unreadable manifest never passes silently.
    static let cliFixtures: [Fixture] = (try? load().fixtures) ?? []
    static let encrypted: [Fixture] = cliFixtures.filter { $0.encryption != nil }
}

extension Manifest.Fixture: CustomTestStringConvertible {
    public var testDescription: String { file }
}

/// Deterministic pseudo-random bytes (TestSupport's seeded generator), so a failing case can be reproduced.
func pseudoRandomBytes(count: Int, seed: UInt64) -> Data {
    Data(seededBytes(count, seed: seed))
}
