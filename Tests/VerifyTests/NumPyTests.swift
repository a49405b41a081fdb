import Foundation
import GraphIR
import Testing
import TestSupport
@testable import Verify

/// .npy/.npz against NumPy itself: files NumPy wrote (every dtype, Fortran order, big-endian,
/// strings, scalars, empty) read to NumPy's own values; files we write read back by NumPy equal
/// to its originals.
@Suite struct NumPyTests {
    static let oracle = Project.root.appendingPathComponent("scripts/npy_oracle.py").path

    static func made() throws -> URL {
        let folder = try Project.temporaryDirectory().appendingPathComponent("npy")
        let result = try runProcess(Project.python, [oracle, "make", folder.path])
        guard result.status == 0 else { throw OracleError.failed(result.stderr) }
        return folder
    }

    static func expected(_ folder: URL) throws -> [String: [String: Any]] {
        let data = try Data(contentsOf: folder.appendingPathComponent("expected.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String: Any]])
    }

    @Test func readsWhatNumPyWrote() throws {
        let folder = try Self.made()
        let table = try Self.expected(folder)
        #expect(table.count >= 20)
        for (name, entry) in table {
            let array = try NPY.read(path: folder.appendingPathComponent(name + ".npy").path)
            let shape = try #require(entry["shape"] as? [Int])
            let values = try #require(entry["values"] as? [String])
            #expect(array.shape == shape, "\(name)")
            let dtype = try #require(entry["dtype"] as? String)
            #expect(array.dtype.rawValue == dtype || (dtype == "string" && array.dtype == .string), "\(name): \(array.dtype) vs \(dtype)")
            if let strings = array.strings {
                #expect(strings.map { String(decoding: $0, as: UTF8.self) } == values, "\(name)")
            } else if array.dtype.isFloatingPoint {
                let doubles = try #require(array.doubles())
                for (i, text) in values.enumerated() {
                    let want = try #require(Double(text), "\(text)")
                    #expect(doubles[i] == want || (doubles[i].isNaN && want.isNaN), "\(name)[\(i)]: \(doubles[i]) vs \(text)")
                }
            } else if array.dtype == .uint64, case .uint64(let raw) = array.storage {
                #expect(raw.map { String($0) } == values, "\(name)")
            } else {
                let ints = try #require(array.int64s())
                #expect(ints.map { String($0) } == values, "\(name)")
            }
        }
    }

    @Test func numPyReadsWhatWeWrite() throws {
        let folder = try Self.made()
        let ours = try Project.temporaryDirectory().appendingPathComponent("ours")
        try FileManager.default.createDirectory(at: ours, withIntermediateDirectories: true)
        let names = try Self.expected(folder).keys.sorted()
        for name in names {
            let array = try NPY.read(path: folder.appendingPathComponent(name + ".npy").path)
            try NPY.write(array, to: ours.appendingPathComponent(name + ".npy").path)
        }
        let result = try runProcess(Project.python, [Self.oracle, "check", folder.path, ours.path])
        #expect(result.status == 0, "\(result.stderr)")
        let verdicts = try #require(try JSONSerialization.jsonObject(with: Data(result.stdoutText.utf8)) as? [String: String])
        #expect(verdicts.count == names.count)
        for (name, verdict) in verdicts { #expect(verdict == "ok", "\(name): \(verdict)") }
    }

    @Test func npzStoredAndDeflatedBothRoundTripThroughNumPy() throws {
        let folder = try Self.made()
        let stored = try NPZ.read(path: folder.appendingPathComponent("all.npz").path)
        let deflated = try NPZ.read(path: folder.appendingPathComponent("all_compressed.npz").path)
        #expect(stored.count >= 20)
        #expect(stored.map(\.name) == deflated.map(\.name))
        for ((name, a), (_, b)) in zip(stored, deflated) {
            let single = try NPY.read(path: folder.appendingPathComponent(name + ".npy").path)
            #expect(a.dtype == b.dtype && a.shape == b.shape && a.rawBytes() == b.rawBytes() && a.strings == b.strings, "\(name)")
            #expect(a.shape == single.shape && a.dtype == single.dtype, "\(name)")
        }
        let ours = try Project.temporaryDirectory().appendingPathComponent("ours.npz").path
        try NPZ.write(stored, to: ours)
        let script = """
            import sys, numpy as np
            a = np.load(sys.argv[1]); b = np.load(sys.argv[2])
            assert sorted(a.files) == sorted(b.files), (a.files, b.files)
            for k in a.files:
                x, y = a[k], b[k]
                assert x.shape == y.shape, k
                if x.dtype.kind in 'US': assert x.astype(str).tolist() == y.astype(str).tolist(), k
                else: assert np.array_equal(x, y, equal_nan=x.dtype.kind == 'f'), k
            print(len(a.files))
            """
        let result = try runProcess(Project.python, ["-c", script, ours, folder.appendingPathComponent("all.npz").path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Int(result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)) == stored.count)
    }

    // MARK: Hostile input

    static func header(_ dict: String, major: UInt8 = 1) -> [UInt8] {
        var text = dict
        while (10 + text.utf8.count + 1) % 64 != 0 { text += " " }
        text += "\n"
        let n = text.utf8.count
        return NPY.magic + [major, 0, UInt8(n & 0xFF), UInt8(n >> 8)] + Array(text.utf8)
    }

    @Test(arguments: [
        ("bad magic", [UInt8](repeating: 0x41, count: 64), "magic"),
        ("version 9", NPY.magic + [9, 0, 0, 0], "version"),
        ("header past the end", NPY.magic + [1, 0, 0xFF, 0xFF] + [UInt8](repeating: 0x20, count: 10), "header_len"),
        ("no shape", header("{'descr': '<f4', 'fortran_order': False, }"), "header"),
        ("structured dtype", header("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }"), "header"),
        ("object dtype", header("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }"), "descr"),
        ("complex dtype", header("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }"), "descr"),
        ("short data", header("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }") + [0, 0, 0, 0], "data"),
        ("overflowing shape", header("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4), }"), "shape"),
        ("over the element limit", header("{'descr': '|u1', 'fortran_order': False, 'shape': (3000000000,), }"), "shape"),
        ("bool holds 7", header("{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }") + [1, 7], "data"),
        ("unknown key", header("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1, }") + [0, 0, 0, 0], "header"),
    ])
    func corruptNPYIsALocatedError(_ name: String, _ bytes: [UInt8], _ field: String) {
        #expect {
            _ = try NPY.decode(bytes, file: "bad.npy")
        } throws: { error in
            guard let error = error as? NumPyError else { return false }
            return error.field == field && error.file == "bad.npy"
        }
    }

    @Test func corruptNPZIsALocatedError() throws {
        let dir = try Project.temporaryDirectory()
        let notZip = dir.appendingPathComponent("not.npz").path
        try Data("PK but not really a zip archive".utf8).write(to: URL(fileURLWithPath: notZip))
        #expect {
            _ = try NPZ.read(path: notZip)
        } throws: { ($0 as? NumPyError)?.field == "zip" && ($0 as? NumPyError)?.file == notZip }
        // A well-formed archive whose member is a truncated .npy: the error names the member.
        var bytes = try NPY.encode(NDArray((0..<8).map { Float($0) }, shape: [8]))
        bytes.removeLast(5)
        let bad = dir.appendingPathComponent("bad.npz").path
        let script = "import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], 'w') as z: z.writestr('x.npy', open(sys.argv[2], 'rb').read())"
        let member = dir.appendingPathComponent("x.npy").path
        try Data(bytes).write(to: URL(fileURLWithPath: member))
        let made = try runProcess(Project.python, ["-c", script, bad, member])
        #expect(made.status == 0, "\(made.stderr)")
        #expect {
            _ = try NPZ.read(path: bad)
        } throws: { error in
            guard let error = error as? NumPyError else { return false }
            return error.field == "data" && error.file == "\(bad)[x.npy]" && error.offset != nil
        }
        // A member that declares more bytes than the limit is refused before it is inflated.
        #expect {
            _ = try NPZ.read(path: bad, maxBytesPerArray: 16)
        } throws: { ($0 as? NumPyError)?.field == "zip.x.npy" }
    }

    @Test func randomMutationsNeverTrap() throws {
        let valid = try NPY.encode(NDArray((0..<24).map { Float($0) }, shape: [2, 3, 4]))
        let iterations = Int(ProcessInfo.processInfo.environment["MSHUB_FUZZ_ITERATIONS"] ?? "") ?? 2000
        var generator = SplitMix64(seed: 11)
        var accepted = 0
        for _ in 0..<iterations {
            var bytes = valid
            let edits = 1 + Int(generator.next() % 4)
            for _ in 0..<edits {
                let position = Int(generator.next() % UInt64(bytes.count))
                switch generator.next() % 3 {
                case 0: bytes[position] = UInt8(truncatingIfNeeded: generator.next())
                case 1: bytes.removeSubrange(position...)
                default: bytes.insert(UInt8(truncatingIfNeeded: generator.next()), at: position)
                }
                if bytes.isEmpty { break }
            }
            if (try? NPY.decode(bytes)) != nil { accepted += 1 }
        }
        #expect(accepted < iterations)
    }
}
