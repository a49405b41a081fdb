// NumPy's .npz: a zip archive of .npy members, one per named array (np.savez writes them stored,
// np.savez_compressed deflated). Zip handling is ZIPFoundation's; every member's declared size is
// checked against the limit before it is extracted, so a zip bomb is refused, not inflated.

import Foundation
import ZIPFoundation

/// Reads and writes named arrays in NumPy's .npz format.
public enum NPZ {
    /// The arrays of a .npz file, in archive order, names without the `.npy` suffix.
    public static func read(path: String, maxBytesPerArray: Int = 1 << 34) throws(NumPyError) -> [(name: String, array: NDArray)] {
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw NumPyError(file: path, offset: nil, field: "zip", "not a readable zip archive: \(error)")
        }
        var out: [(name: String, array: NDArray)] = []
        for entry in archive where entry.type == .file {
            let name = entry.path.hasSuffix(".npy") ? String(entry.path.dropLast(4)) : entry.path
            guard entry.uncompressedSize >= 0, entry.uncompressedSize <= Int64(maxBytesPerArray) else {
                throw NumPyError(file: path, offset: nil, field: "zip.\(entry.path)",
                    "member declares \(entry.uncompressedSize) bytes, over the limit of \(maxBytesPerArray)")
            }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(Int(entry.uncompressedSize))
            do {
                _ = try archive.extract(entry) { chunk in
                    guard bytes.count + chunk.count <= Int(entry.uncompressedSize) else {
                        throw NumPyError(file: path, offset: nil, field: "zip.\(entry.path)", "member inflates past its declared size")
                    }
                    bytes.append(contentsOf: chunk)
                }
            } catch let error as NumPyError {
                throw error
            } catch {
                throw NumPyError(file: path, offset: nil, field: "zip.\(entry.path)", "cannot extract: \(error)")
            }
            do {
                out.append((name, try NPY.decode(bytes, file: "\(path)[\(entry.path)]")))
            } catch {
                throw error
            }
        }
        return out
    }

    /// The .npz bytes of `arrays` (members stored, as np.savez writes them).
    public static func encode(_ arrays: [(name: String, array: NDArray)]) throws(NumPyError) -> [UInt8] {
        let archive: Archive
        do {
            archive = try Archive(accessMode: .create)
        } catch {
            throw NumPyError(file: nil, offset: nil, field: "zip", "cannot create an archive: \(error)")
        }
        var seen = Set<String>()
        for (name, array) in arrays {
            guard seen.insert(name).inserted else {
                throw NumPyError(file: nil, offset: nil, field: "zip.\(name)", "two arrays are named '\(name)'")
            }
            let member = Data(try NPY.encode(array))
            do {
                try archive.addEntry(
                    with: name + ".npy", type: .file, uncompressedSize: Int64(member.count), compressionMethod: .none
                ) { position, size in
                    member.subdata(in: Int(position)..<(Int(position) + size))
                }
            } catch {
                throw NumPyError(file: nil, offset: nil, field: "zip.\(name)", "cannot add: \(error)")
            }
        }
        guard let data = archive.data else {
            throw NumPyError(file: nil, offset: nil, field: "zip", "the archive has no bytes")
        }
        return [UInt8](data)
    }

    /// Writes `arrays` to `path` atomically.
    public static func write(_ arrays: [(name: String, array: NDArray)], to path: String, protecting inputs: [String] = []) throws(NumPyError) {
        try NPY.writeAtomically(try encode(arrays), to: path, protecting: inputs)
    }
}
