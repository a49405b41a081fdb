import Foundation

/// The onnx package's own test models (~2,000: every backend node case plus the model tests the
/// wheel carries), regenerated once per test process by scripts/make-onnx-corpus.py into a temporary
/// folder, or taken from `MSHUB_ONNX_CORPUS` when that names an already generated one.
public enum ONNXCorpus {
    public struct Built: Sendable {
        public let root: URL
        public let models: [String]
        public let counts: String
    }

    public static let built: Result<Built, OracleError> = {
        do {
            if let given = ProcessInfo.processInfo.environment["MSHUB_ONNX_CORPUS"], !given.isEmpty {
                let root = URL(fileURLWithPath: given)
                return .success(Built(root: root, models: models(under: root), counts: "reused \(given)"))
            }
            let root = try Project.temporaryDirectory().appendingPathComponent("onnx-corpus")
            let script = Project.root.appendingPathComponent("scripts/make-onnx-corpus.py").path
            let result = try runProcess(Project.python, [script, root.path])
            guard result.status == 0 else {
                return .failure(.failed("make-onnx-corpus.py exited \(result.status): \(result.stderr)"))
            }
            return .success(Built(root: root, models: models(under: root), counts: result.stdoutText))
        } catch let error as OracleError {
            return .failure(error)
        } catch {
            return .failure(.failed("\(error)"))
        }
    }()

    static func models(under root: URL) -> [String] {
        var models: [String] = []
        let walker = FileManager.default.enumerator(atPath: root.path)
        while let relative = walker?.nextObject() as? String {
            if relative.hasSuffix(".onnx") { models.append(root.appendingPathComponent(relative).path) }
        }
        return models.sorted()
    }

    public static func require() throws -> Built { try built.get() }
}
