import Formats

/// What a weight conversion did.
public struct WeightConversionReport: Sendable, Equatable {
    /// Tensors written.
    public var tensors: Int
    /// Bytes of tensor data written.
    public var tensorBytes: Int
    /// Bytes of the output file.
    public var fileBytes: Int
    /// Entries of the input that were not written (only with `dropUnsupported`), with the reason.
    public var skipped: [String]
    /// Things worth knowing about the result (a dropped CRC, types MindSpore cannot load back …).
    public var notes: [String]
}

public struct WeightConversionOptions: Sendable {
    /// Key for an encrypted input checkpoint (MindSpore's own converter cannot read those).
    public var key: [UInt8]?
    /// Leave out entries the target cannot hold (strings, map parameters, types without a counterpart)
    /// and list them in the report, instead of failing as MindSpore does.
    public var dropUnsupported = false
    public var decoding = DecodingOptions()

    public init(key: [UInt8]? = nil, dropUnsupported: Bool = false) {
        self.key = key
        self.dropUnsupported = dropUnsupported
    }
}

/// CKPT ↔ safetensors, as `mindspore.ckpt_to_safetensors` / `safetensors_to_ckpt` (2.10) do it — they are
/// `load_checkpoint` followed by `save_checkpoint(format=...)`, so the rules are those two functions':
///
/// CKPT → safetensors: the checkpoint is grouped as `load_checkpoint` groups it (adjacent chunks joined, a
/// repeated tag replaces the earlier one); metadata is `{"format": "ms"}` followed by `"<name>": "Int4"` for
/// each qint4x2 tensor in name order (safetensors has no int4: the bytes go out as `I8` with the same
/// shape); tensors are laid out by the safetensors writer's rules. A CRC trailer is not carried over
/// (MindSpore drops it too). `str` entries, map parameters and types with no safetensors counterpart make
/// MindSpore's converter fail; here they fail too, unless `dropUnsupported`.
///
/// safetensors → CKPT: tensors in name order (MindSpore sorts the keys), one record per tensor, cut in
/// 512 MiB chunks as `save_checkpoint` does, scalars with no dims; `I8` named in the metadata as `Int4`
/// becomes `Int4`; zero-byte tensors are not written (MindSpore's chunk loop writes nothing for them).
///
/// Both directions stream: tensor bytes go from views of the mapped input to the output file.
public enum WeightConversion {
    static let format = "convert"

    /// CKPT type name → safetensors dtype, through the neutral name. `Int4` is handled apart.
    static func safetensorsType(for type: CheckpointTensorType) -> SafetensorsDType? {
        guard let neutral = type.canonicalName, neutral != "qint4x2", neutral != "string" else { return nil }
        return SafetensorsDType(neutralName: neutral)
    }

    /// safetensors dtype → the CKPT type name MindSpore writes for it.
    static func checkpointType(for dtype: SafetensorsDType) -> CheckpointTensorType? {
        CheckpointTensorType.forCanonical(dtype.neutralName)
    }

    static func sortedByName<T>(_ items: [T], _ name: (T) -> String) -> [T] {
        items.sorted { name($0).utf8.lexicographicallyPrecedes(name($1).utf8) }
    }

    /// Converts the checkpoint at `input` to a safetensors file at `output`.
    @discardableResult
    public static func ckptToSafetensors(input: String, output: String, options: WeightConversionOptions = WeightConversionOptions())
        throws(FormatError) -> WeightConversionReport
    {
        var decoding = options.decoding
        decoding.key = options.key
        let storage = try ByteStorage.map(path: input, format: CheckpointCodec.formatName)
        storage.adviseSequential()
        let document: CheckpointDocument
        let entries: [CheckpointEntry]
        do throws(FormatError) {
            document = try CheckpointCodec.decode(storage, options: decoding)
            entries = try CheckpointCodec.entries(of: document, file: input, options: decoding)
        } catch {
            throw error.inFile(input)
        }
        var tensors: [SafetensorsWriteTensor] = []
        var int4Names: [String] = []
        var skipped: [String] = []
        var notes: [String] = []
        for entry in sortedByName(entries, \.name) {
            func unsupported(_ reason: String) throws(FormatError) {
                guard options.dropUnsupported else {
                    throw FormatError(
                        .unsupported, format: SafetensorsCodec.formatName, file: input,
                        offset: document.records[entry.records.lowerBound].sourceOffset,
                        fieldPath: FieldPath([.field("Checkpoint"), .element("value", entry.records.lowerBound)]),
                        message: "'\(entry.name)': \(reason) (MindSpore's ckpt_to_safetensors fails on it too; drop such entries to go on)")
                }
                skipped.append("\(entry.name): \(reason)")
            }
            guard case .tensor(let tensor) = entry.value else {
                try unsupported("a map parameter has no safetensors form")
                continue
            }
            let dtype: SafetensorsDType
            if tensor.tensorType.canonicalName == "qint4x2" {
                dtype = .i8
                int4Names.append(entry.name)
            } else if tensor.tensorType.isString {
                try unsupported("a string entry has no safetensors form")
                continue
            } else if let mapped = safetensorsType(for: tensor.tensorType) {
                dtype = mapped
                if !tensor.tensorType.isLoadableByMindSpore {
                    notes.append("\(entry.name): \(tensor.tensorType) written as \(mapped); MindSpore 2.10 cannot load this type")
                }
            } else {
                try unsupported("tensor type \(tensor.tensorType) has no safetensors counterpart")
                continue
            }
            tensors.append(SafetensorsWriteTensor(name: entry.name, dtype: dtype, shape: tensor.shape, data: tensor.data))
        }
        if document.storedCRC != nil { notes.append("the CRC trailer is not carried over (safetensors has none; MindSpore drops it too)") }
        // MindSpore calls save_file without metadata when nothing is left to save.
        let metadata: [SafetensorsMetadataEntry]? =
            tensors.isEmpty ? nil : [SafetensorsMetadataEntry("format", "ms")] + int4Names.map { SafetensorsMetadataEntry($0, "Int4") }
        let result: SafetensorsWriteResult
        do throws(FormatError) {
            result = try SafetensorsCodec.write(tensors, metadata: metadata, to: output, protecting: [input])
        } catch {
            throw error.inFile(output)
        }
        return WeightConversionReport(
            tensors: tensors.count, tensorBytes: tensors.reduce(0) { $0 + $1.data.count }, fileBytes: result.bytes,
            skipped: skipped, notes: notes)
    }

    /// Converts the safetensors file at `input` to a checkpoint at `output`.
    @discardableResult
    public static func safetensorsToCkpt(input: String, output: String, options: WeightConversionOptions = WeightConversionOptions())
        throws(FormatError) -> WeightConversionReport
    {
        let storage = try ByteStorage.map(path: input, format: SafetensorsCodec.formatName)
        storage.adviseSequential()
        let document = try SafetensorsCodec.decode(storage, options: options.decoding)
        let names = Set(document.tensors.map { Array($0.name.utf8) })
        var int4 = Set<[UInt8]>()
        for entry in document.metadata ?? [] where names.contains(Array(entry.key.utf8)) {
            // MindSpore reads a metadata value under a tensor's name as a type override; it knows only Int4.
            guard entry.value == "Int4" else {
                throw FormatError(
                    .invalidValue, format: SafetensorsCodec.formatName, file: input,
                    fieldPath: FieldPath([.field("header"), .field("__metadata__"), .field(entry.key)]),
                    message: "metadata names tensor '\(entry.key)' with type '\(entry.value)'; only Int4 is known")
            }
            int4.insert(Array(entry.key.utf8))
        }
        var plan: [(SafetensorsTensor, CheckpointTensorType)] = []
        var skipped: [String] = []
        var notes: [String] = []
        for (index, tensor) in document.tensors.enumerated() {
            let type: CheckpointTensorType
            if int4.contains(Array(tensor.name.utf8)) {
                guard tensor.dtype == .i8 else {
                    throw FormatError(
                        .invalidValue, format: SafetensorsCodec.formatName, file: input,
                        fieldPath: FieldPath([.field("header"), .field(tensor.name), .field("dtype")]),
                        message: "marked Int4 in the metadata, but stored as \(tensor.dtype) rather than I8")
                }
                type = CheckpointTensorType("Int4")
            } else if let mapped = checkpointType(for: tensor.dtype) {
                type = mapped
                if !mapped.isLoadableByMindSpore {
                    notes.append("\(tensor.name): \(tensor.dtype) written as \(mapped); MindSpore 2.10 cannot load this type")
                }
            } else {
                let reason = "dtype \(tensor.dtype) has no MindSpore checkpoint type"
                guard options.dropUnsupported else {
                    throw FormatError(
                        .unsupported, format: SafetensorsCodec.formatName, file: input,
                        fieldPath: FieldPath([.field("header"), .field(tensor.name), .field("dtype")]),
                        message: "'\(tensor.name)' (tensor \(index)): \(reason)")
                }
                skipped.append("\(tensor.name): \(reason)")
                continue
            }
            if tensor.data.isEmpty {
                skipped.append("\(tensor.name): no bytes (shape \(tensor.shape)); MindSpore writes no record for it")
                continue
            }
            plan.append((tensor, type))
        }
        plan = sortedByName(plan) { $0.0.name }
        let writer = try CheckpointWriter(path: output, options: {
            var o = CheckpointWriteOptions()
            o.protecting = [input]
            return o
        }())
        var bytes = 0
        do throws(FormatError) {
            for (tensor, type) in plan {
                try writer.appendTensor(
                    name: tensor.name, type: type, dims: tensor.shape.map { Int64($0) }, data: TensorBytes(tensor.data))
                tensor.data.storage.releasePages(tensor.data.range)
                bytes += tensor.data.count
            }
            try writer.finish()
        } catch {
            writer.abort()
            throw error.inFile(output)
        }
        if let metadata = document.metadata {
            let kept = metadata.filter { names.contains(Array($0.key.utf8)) }.count
            if metadata.count > kept {
                notes.append("\(metadata.count - kept) metadata entries (format, crc_num …) have no place in a checkpoint")
            }
        }
        return WeightConversionReport(
            tensors: plan.count, tensorBytes: bytes, fileBytes: fileSize(output), skipped: skipped, notes: notes)
    }

    static func fileSize(_ path: String) -> Int {
        (try? ByteStorage.map(path: path, format: format).count) ?? 0
    }
}
