import Foundation
import Formats
import Testing
import TestSupport

/// Standalone ONNX value files (the onnx test data's input_N.pb / output_N.pb): what onnx's own
/// numpy_helper writes reads back exactly, and hostile files are located errors, never traps.
@Suite struct ONNXValueFileTests {
    static func key(_ number: UInt64, _ wire: UInt64) -> [UInt8] { ProtoBytes.varint(number << 3 | wire) }
    static func varintField(_ number: UInt64, _ value: UInt64) -> [UInt8] { key(number, 0) + ProtoBytes.varint(value) }

    /// TensorProto with dims, data_type and raw_data.
    static func tensor(dims: [UInt64], type: UInt64, raw: [UInt8]) -> [UInt8] {
        dims.flatMap { varintField(1, $0) } + varintField(2, type) + ProtoBytes.lengthDelimited(9, raw)
    }

    static func decode(_ bytes: [UInt8], _ kind: ONNXValueFile.Kind = .tensor) throws -> ONNXStandaloneValue {
        try ONNXValueFile.decode(ByteView(bytes: bytes), kind: kind, file: "value.pb")
    }

    @Test func readsWhatNumpyHelperWrote() throws {
        let dir = try Project.temporaryDirectory()
        let script = """
            import sys, numpy as np
            from onnx import numpy_helper
            d = sys.argv[1]
            open(d + '/t.pb', 'wb').write(numpy_helper.from_array(np.arange(6, dtype=np.float32).reshape(2, 3), 'x').SerializeToString())
            open(d + '/s.pb', 'wb').write(numpy_helper.from_list([np.array([1, 2], dtype=np.int64), np.array([3], dtype=np.int64)], 'q').SerializeToString())
            open(d + '/o.pb', 'wb').write(numpy_helper.from_optional(None, 'o').SerializeToString())
            open(d + '/str.pb', 'wb').write(numpy_helper.from_array(np.array(['a', 'bc'], dtype=object), 'w').SerializeToString())
            """
        let result = try runProcess(Project.python, ["-c", script, dir.path])
        #expect(result.status == 0, "\(result.stderr)")
        guard case .tensor(let t) = try ONNXValueFile.read(path: dir.appendingPathComponent("t.pb").path, kind: .tensor) else {
            Issue.record("not a tensor")
            return
        }
        #expect(t.name == "x" && t.dims == [2, 3] && t.dataType.name == "float32")
        #expect(t.bytes == (0..<6).flatMap { withUnsafeBytes(of: Float($0)) { Array($0) } })
        guard case .sequence(let items) = try ONNXValueFile.read(path: dir.appendingPathComponent("s.pb").path, kind: .sequence),
            case .tensor(let first) = items.first
        else {
            Issue.record("not a sequence")
            return
        }
        #expect(items.count == 2 && first.dims == [2])
        #expect(try ONNXValueFile.read(path: dir.appendingPathComponent("o.pb").path, kind: .optional) == .optional(nil))
        guard case .tensor(let s) = try ONNXValueFile.read(path: dir.appendingPathComponent("str.pb").path, kind: .tensor) else {
            Issue.record("not a tensor")
            return
        }
        #expect(s.strings == [Array("a".utf8), Array("bc".utf8)])
    }

    @Test(arguments: [
        ("truncated key", [UInt8(0x08)] + [0x80], FormatError.Code.truncated, "TensorProto"),
        ("length past the end", key(9, 2) + [0x10, 1, 2], .lengthOutOfBounds, "TensorProto"),
        ("unknown data type", tensor(dims: [1], type: 99, raw: [0]), .unknownDType, "TensorProto.data_type"),
        ("undefined data type", tensor(dims: [1], type: 0, raw: [0]), .unknownDType, "TensorProto.data_type"),
        ("negative dimension", tensor(dims: [UInt64(bitPattern: -2)], type: 1, raw: []), .invalidValue, "TensorProto.dims"),
        ("short raw_data", tensor(dims: [2, 3], type: 1, raw: [UInt8](repeating: 0, count: 20)), .sizeMismatch, "TensorProto.raw_data"),
        ("overflowing dims", tensor(dims: [1 << 62, 1 << 62], type: 1, raw: []), .arithmeticOverflow, "TensorProto.dims"),
    ])
    func corruptTensorsAreLocated(_ name: String, _ bytes: [UInt8], _ code: FormatError.Code, _ field: String) {
        #expect {
            _ = try Self.decode(bytes)
        } throws: { error in
            guard let error = error as? FormatError else { return false }
            return error.code == code && error.file == "value.pb" && error.offset != nil
                && error.fieldPath.description.hasPrefix(field)
        }
    }

    @Test func deepSequencesAndBadElementsAreLocated() {
        var nested = Self.varintField(2, 3)
        for _ in 0..<40 { nested = Self.varintField(2, 3) + ProtoBytes.lengthDelimited(5, nested) }
        #expect {
            _ = try Self.decode(nested, .sequence)
        } throws: { ($0 as? FormatError)?.code == .limitExceeded }
        let badElement = Self.varintField(2, 1) + ProtoBytes.lengthDelimited(3, Self.tensor(dims: [4], type: 7, raw: [1, 2]))
        #expect {
            _ = try Self.decode(badElement, .sequence)
        } throws: { error in
            guard let error = error as? FormatError else { return false }
            return error.code == .sizeMismatch && error.file == "value.pb" && error.offset == 4
        }
    }

    @Test func randomMutationsNeverTrap() {
        let valid = Self.varintField(2, 1) + ProtoBytes.lengthDelimited(3, Self.tensor(dims: [2, 2], type: 1, raw: [UInt8](repeating: 7, count: 16)))
        let iterations = Int(ProcessInfo.processInfo.environment["MSHUB_FUZZ_ITERATIONS"] ?? "") ?? 2000
        var state: UInt64 = 5
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        var rejected = 0
        for _ in 0..<iterations {
            var bytes = valid
            for _ in 0...(next() % 3) where !bytes.isEmpty {
                let i = Int(next() % UInt64(bytes.count))
                if next() % 2 == 0 { bytes[i] = UInt8(truncatingIfNeeded: next()) } else { bytes.removeSubrange(i...) }
            }
            for kind in [ONNXValueFile.Kind.sequence, .tensor, .optional] {
                if (try? Self.decode(bytes, kind)) == nil { rejected += 1 }
            }
        }
        #expect(rejected > 0)
    }
}
