import Foundation
import Formats

/// scripts/safetensors_oracle.py: PyPI `safetensors` (0.8) and MindSpore as oracles for safetensors files.
public enum SafetensorsOracle {
    public struct Tensor: Decodable, Sendable, Equatable {
        public let name: String
        public let dtype: String
        public let shape: [Int]
        public let sha256: String
        public let bytes: Int
    }

    /// What `load` prints: the reference reader's view of a file.
    public struct Loaded: Decodable, Sendable {
        public let metadata: [String: String]?
        public let tensors: [Tensor]
    }

    /// What `reference` prints: files the reference writer made from seeded tensors.
    public struct ReferenceFiles: Decodable, Sendable {
        public struct SpecTensor: Decodable, Sendable {
            public let name: String
            public let dtype: String
            public let shape: [Int]
            public let hex: String
            public var bytes: [UInt8] {
                var out: [UInt8] = []
                var chars = Array(hex.utf8)[...]
                while chars.count >= 2 {
                    out.append(UInt8(String(decoding: chars.prefix(2), as: UTF8.self), radix: 16) ?? 0)
                    chars = chars.dropFirst(2)
                }
                return out
            }
        }
        public struct File: Decodable, Sendable {
            public let file: String
            public let metadata: [[String]]?
            public let tensors: [SpecTensor]
        }
        public let files: [File]
    }

    public struct MindSporeLoaded: Decodable, Sendable {
        public let tensors: [Tensor]
    }

    public struct Output: Decodable, Sendable {
        public let output: String
    }

    public struct Comparison: Decodable, Sendable {
        public let identical: Bool
        public let same_content: Bool
        public let why: String
    }

    public static var script: String { Project.root.appendingPathComponent("scripts/safetensors_oracle.py").path }

    /// Runs the script and decodes its one JSON document; a failure of the oracle throws `OracleError.failed`.
    public static func run<T: Decodable>(_ type: T.Type, _ arguments: [String]) throws -> T {
        let result = try runProcess(Project.python, [script] + arguments)
        guard result.status == 0 else {
            throw OracleError.failed("safetensors_oracle.py \(arguments.joined(separator: " ")): \(result.stderr.suffix(2000))")
        }
        return try JSONDecoder().decode(T.self, from: result.stdout)
    }

    /// Runs the script expecting it to fail; returns its stderr.
    public static func runExpectingFailure(_ arguments: [String]) throws -> String? {
        let result = try runProcess(Project.python, [script] + arguments)
        return result.status == 0 ? nil : result.stderr
    }

    public static func load(_ path: String) throws -> Loaded { try run(Loaded.self, ["load", path]) }

    public static func mindsporeLoad(_ path: String, format: String) throws -> [Tensor] {
        try run(MindSporeLoaded.self, ["ms-load", path, format]).tensors
    }
}

/// Lowercase hex SHA-256 of bytes, through the system `sha256sum`.
public func sha256Hex(_ bytes: [UInt8]) throws -> String { try sha256sum(Data(bytes)) }
