import Foundation
import Hub
import TestSupport

/// The shared real-world corpus, read in place (never copied into the project).
enum Corpus {
    static let root = Project.root.deletingLastPathComponent().appendingPathComponent("shared/corpus")
    static let assets = root.appendingPathComponent("hub-assets").path
    static let outcomesPath = root.appendingPathComponent("hub-assets-upstream-outcomes.json").path

    struct Outcome: Decodable, Sendable {
        let ok: Bool
        let error: String?
        let message: String?
    }

    static func outcomes() throws -> [String: Outcome] {
        let data = try Data(contentsOf: URL(fileURLWithPath: outcomesPath))
        return try JSONDecoder().decode([String: Outcome].self, from: data)
    }

    static func text(_ relative: String) throws -> String {
        try String(contentsOfFile: assets + "/" + relative, encoding: .utf8)
    }
}
