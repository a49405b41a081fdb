import Foundation

/// The onnx package's backend node test cases with their data (model, inputs, expected outputs,
/// tolerances), regenerated once per test process by scripts/make-onnx-node-tests.py, or taken
/// from `MSHUB_ONNX_NODE_TESTS` when that names an already generated folder.
public enum ONNXNodeTestCases {
    public struct Built: Sendable {
        public let root: URL
        public let cases: [String]
        public let tolerances: [String: (rtol: Double, atol: Double)]
    }

    public static let built: Result<Built, OracleError> = {
        do {
            let root: URL
            if let given = ProcessInfo.processInfo.environment["MSHUB_ONNX_NODE_TESTS"], !given.isEmpty {
                root = URL(fileURLWithPath: given)
            } else {
                root = try Project.temporaryDirectory().appendingPathComponent("onnx-node-tests")
                let script = Project.root.appendingPathComponent("scripts/make-onnx-node-tests.py").path
                let result = try runProcess(Project.python, [script, root.path])
                guard result.status == 0 else {
                    return .failure(.failed("make-onnx-node-tests.py exited \(result.status): \(result.stderr)"))
                }
            }
            let json = try Data(contentsOf: root.appendingPathComponent("cases.json"))
            guard let table = try JSONSerialization.jsonObject(with: json) as? [String: [String: Double]] else {
                return .failure(.failed("cases.json is not a table of tolerances"))
            }
            var tolerances: [String: (rtol: Double, atol: Double)] = [:]
            for (name, entry) in table { tolerances[name] = (entry["rtol"] ?? 1e-3, entry["atol"] ?? 1e-7) }
            return .success(Built(root: root, cases: tolerances.keys.sorted(), tolerances: tolerances))
        } catch let error as OracleError {
            return .failure(error)
        } catch {
            return .failure(.failed("\(error)"))
        }
    }()

    public static func require() throws -> Built { try built.get() }
}
