/// Reads and writes MindSpore Lite `.ms` files (FORMATS.md §4) with our FlatBuffers runtime.
///
/// Decoding checks the identifier, runs `FlatBufferVerifier` over the whole buffer with the `.ms`
/// schema, then reads the model tables; tensor data stays a view into the input storage.
public enum MSLiteCodec {
    public static let formatName = "mslite"

    public struct EncodingOptions: Sendable, Equatable {
        /// Write scalars of the model tables even when they equal their schema default.
        public var forceDefaults = false
        public init(forceDefaults: Bool = false) { self.forceDefaults = forceDefaults }
    }

    /// True when bytes 4..<8 are the `MSL2` identifier (FORMATS.md §0).
    public static func sniff(_ prefix: UnsafeRawBufferPointer) -> Bool {
        prefix.count >= 8 && prefix[4..<8].elementsEqual(MSLiteSchema.identifier)
    }

    // MARK: Decoding

    public static func decode(_ storage: ByteStorage, options: DecodingOptions = .default) throws(FormatError) -> MSLiteDocument {
        let buffer = FlatBuffer(storage: storage, format: formatName)
        try checkIdentifier(buffer)
        var verifier = FlatBufferVerifier(
            buffer, schema: MSLiteSchema.schema, limits: .init(options: options, bufferSize: buffer.count))
        try verifier.verify(root: MSLiteSchema.rootTable, identifier: MSLiteSchema.identifier)
        let root = try buffer.root(named: MSLiteSchema.rootTable)
        return try readMetaGraph(root, options: options)
    }

    static func checkIdentifier(_ buffer: FlatBuffer) throws(FormatError) {
        let path = FieldPath([.field(MSLiteSchema.rootTable)])
        guard let id = buffer.identifier else {
            throw buffer.error(.truncated, at: buffer.start, path, "\(buffer.count) bytes is too short for a .ms file (8-byte header)")
        }
        if id == MSLiteSchema.identifier { return }
        let text = String(decoding: id, as: UTF8.self)
        if id[0..<3].elementsEqual("MSL".utf8) {
            throw buffer.error(
                .unsupported, at: buffer.start + 4, path,
                "file identifier \(text) is a legacy MindSpore Lite version; only MSL2 files are supported")
        }
        let printable = id.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) }
        if !printable {
            throw buffer.error(
                .unsupported, at: buffer.start + 4, path,
                "no file identifier (an early MindSpore Lite version); only MSL2 files are supported")
        }
        throw buffer.error(.badMagic, at: buffer.start + 4, path, "file identifier \(text) is not MSL2")
    }

    static func readMetaGraph(_ t: FlatTable, options: DecodingOptions) throws(FormatError) -> MSLiteDocument {
        var doc = MSLiteDocument(name: try t.string(0, "name"), version: try t.string(1, "version"))
        doc.fmkType = try t.integer(2, "fmkType", default: 0)
        doc.inputIndex = try t.integers(3, "inputIndex", as: UInt32.self) ?? []
        doc.outputIndex = try t.integers(4, "outputIndex", as: UInt32.self) ?? []
        doc.mempoolSize = try t.integer(5, "mempoolSize", default: 0)
        let tensorTables = try t.tables(7, "allTensors") ?? []
        guard tensorTables.count <= options.maxTensorCount else {
            throw t.buffer.error(
                .limitExceeded, at: t.position, t.path.appending("allTensors"),
                "\(tensorTables.count) tensors exceed DecodingOptions.maxTensorCount \(options.maxTensorCount)")
        }
        doc.nodes = []
        for node in try t.tables(6, "nodes") ?? [] { doc.nodes.append(try readNode(node, options: options)) }
        doc.tensors.reserveCapacity(tensorTables.count)
        for tensor in tensorTables { doc.tensors.append(try readTensor(tensor, options: options)) }
        for sub in try t.tables(8, "subGraph") ?? [] {
            doc.subGraphs.append(
                MSLiteSubGraph(
                    name: try sub.string(0, "name"),
                    inputIndices: try sub.integers(1, "inputIndices", as: UInt32.self) ?? [],
                    outputIndices: try sub.integers(2, "outputIndices", as: UInt32.self) ?? [],
                    nodeIndices: try sub.integers(3, "nodeIndices", as: UInt32.self) ?? [],
                    tensorIndices: try sub.integers(4, "tensorIndices", as: UInt32.self) ?? []))
        }
        doc.obfuscate = try t.bool(9, "obfuscate", default: false)
        doc.obfMetaData = try t.vector(10, "obfMetaData", elementSize: 1)?.bytes
        return doc
    }

    static func readNode(_ t: FlatTable, options: DecodingOptions) throws(FormatError) -> MSLiteNode {
        var node = MSLiteNode(
            name: try t.string(0, "name"), primitive: nil,
            inputIndex: try t.integers(3, "inputIndex", as: UInt32.self) ?? [],
            outputIndex: try t.integers(4, "outputIndex", as: UInt32.self) ?? [])
        node.nodeType = try t.integer(1, "nodeType", default: 0)
        node.quantType = try t.integer(5, "quantType", default: 0)
        node.deviceType = try t.integer(6, "deviceType", default: -1)
        if let primitive = try t.table(2, "primitive") {
            let type: UInt8 = try primitive.integer(0, "value_type", default: 0)
            if let value = try primitive.table(1, "value") {
                if let name = MSLiteSchema.primitiveName(type) {
                    node.primitive = MSLitePrimitive(
                        type: type, value: .table(try value.object(name, schema: MSLiteSchema.schema, maxDepth: options.maxDepth)))
                } else {
                    node.primitive = MSLitePrimitive(type: type, value: .raw(try value.rawTable()))
                }
            } else if type != 0 {
                throw t.buffer.error(.missingField, at: primitive.position, primitive.path.appending("value"), "union type \(type) has no value")
            }
        }
        return node
    }

    static func readTensor(_ t: FlatTable, options: DecodingOptions) throws(FormatError) -> MSLiteTensor {
        let dims = try t.integers(2, "dims", as: Int32.self) ?? []
        guard dims.count <= options.maxRank else {
            throw t.buffer.error(
                .limitExceeded, at: t.position, t.path.appending("dims"), "\(dims.count) dimensions exceed maxRank \(options.maxRank)")
        }
        var tensor = MSLiteTensor(
            name: try t.string(9, "name"), dataType: try t.integer(1, "dataType", default: 0), dims: dims,
            format: try t.integer(3, "format", default: 0), nodeType: try t.integer(0, "nodeType", default: 0))
        tensor.refCount = try t.integer(4, "refCount", default: 0)
        tensor.offset = try t.integer(5, "offset", default: 0)
        if let data = try t.vector(6, "data", elementSize: 1) {
            guard data.count <= options.maxTensorBytes else {
                throw t.buffer.error(
                    .limitExceeded, at: data.bytes.range.lowerBound - 4, t.path.appending("data"),
                    "\(data.count) bytes exceed maxTensorBytes \(options.maxTensorBytes)")
            }
            tensor.data = data.bytes
        }
        for q in try t.tables(7, "quantParams") ?? [] {
            var p = MSLiteQuantParam()
            p.scale = try q.float64(0, "scale", default: 1)
            p.zeroPoint = try q.integer(1, "zeroPoint", default: 0)
            p.min = try q.float64(2, "min", default: 0)
            p.max = try q.float64(3, "max", default: 0)
            p.narrowRange = try q.bool(4, "narrowRange", default: true)
            p.numBits = try q.integer(5, "numBits", default: 8)
            p.inited = try q.bool(6, "inited", default: false)
            p.varCorr = try q.float32(7, "varCorr", default: 1)
            p.meanCorr = try q.float32(8, "meanCorr", default: 0)
            p.dstDtype = try q.integer(9, "dstDtype", default: 32)
            p.roundType = try q.integer(10, "roundType", default: 1)
            p.multiplier = try q.integer(11, "multiplier", default: 1)
            tensor.quantParams.append(p)
        }
        tensor.quantClusters = (try t.integers(8, "quantClusters", as: UInt32.self) ?? []).map(Float.init(bitPattern:))
        tensor.enableHuffmanCode = try t.bool(10, "enableHuffmanCode", default: false)
        tensor.weightQuantCompressType = try t.integer(11, "weightQuantCompressType", default: 0)
        for e in try t.tables(12, "externalData") ?? [] {
            tensor.externalData.append(
                MSLiteExternalData(
                    checkSum: try e.string(0, "checkSum"), location: try e.string(1, "location"),
                    offset: try e.integer(2, "offset", default: 0), length: try e.integer(3, "length", default: -1)))
        }
        return tensor
    }

    // MARK: Encoding

    /// Encodes `document` as an `MSL2` FlatBuffer. Tensor data is copied once, into the output.
    public static func encode(_ document: MSLiteDocument, options: EncodingOptions = .init()) throws(FormatError) -> [UInt8] {
        let weights = document.tensors.reduce(0) { $0 + $1.data.count }
        let b = FlatBufferBuilder(capacity: weights + 4096 + 256 * (document.tensors.count + document.nodes.count),
            forceDefaults: options.forceDefaults, format: formatName)
        // Children are written before their parents; the largest payloads first keeps them aligned cheaply.
        var tensorOffsets: [FlatBufferBuilder.Offset] = []
        tensorOffsets.reserveCapacity(document.tensors.count)
        for tensor in document.tensors { tensorOffsets.append(try writeTensor(tensor, b)) }
        var nodeOffsets: [FlatBufferBuilder.Offset] = []
        for (i, node) in document.nodes.enumerated() { nodeOffsets.append(try writeNode(node, index: i, b)) }
        var subOffsets: [FlatBufferBuilder.Offset] = []
        for sub in document.subGraphs {
            let name = try sub.name.map { (s: String) throws(FormatError) in try b.createString(s) }
            let inputs = try b.createVector(sub.inputIndices)
            let outputs = try b.createVector(sub.outputIndices)
            let nodes = try b.createVector(sub.nodeIndices)
            let tensors = try b.createVector(sub.tensorIndices)
            try b.startTable()
            b.add(0, name)
            b.add(1, inputs)
            b.add(2, outputs)
            b.add(3, nodes)
            b.add(4, tensors)
            subOffsets.append(try b.endTable())
        }
        let name = try document.name.map { (s: String) throws(FormatError) in try b.createString(s) }
        let version = try document.version.map { (s: String) throws(FormatError) in try b.createString(s) }
        let inputs = try b.createVector(document.inputIndex)
        let outputs = try b.createVector(document.outputIndex)
        let nodes = try b.createVector(offsets: nodeOffsets)
        let tensors = try b.createVector(offsets: tensorOffsets)
        let subs = try b.createVector(offsets: subOffsets)
        let obf = try document.obfMetaData.map { (v: ByteView) throws(FormatError) in try b.createVector(v, count: v.count, elementSize: 1) }
        try b.startTable()
        b.add(0, name)
        b.add(1, version)
        b.add(2, document.fmkType, default: 0)
        b.add(3, inputs)
        b.add(4, outputs)
        b.add(5, document.mempoolSize, default: 0)
        b.add(6, nodes)
        b.add(7, tensors)
        b.add(8, subs)
        b.add(9, document.obfuscate, default: false)
        b.add(10, obf)
        let root = try b.endTable()
        return try b.finish(root: root, identifier: MSLiteSchema.identifier)
    }

    static func writeNode(_ node: MSLiteNode, index: Int, _ b: FlatBufferBuilder) throws(FormatError) -> FlatBufferBuilder.Offset {
        var primitive: FlatBufferBuilder.Offset?
        if let p = node.primitive {
            let value: FlatBufferBuilder.Offset
            switch p.value {
            case .table(let object):
                guard MSLiteSchema.primitiveName(p.type) == object.table else {
                    throw FormatError(
                        .invalidValue, format: formatName, fieldPath: FieldPath([.field("MetaGraph"), .element("nodes", index), .field("primitive")]),
                        message: "value_type \(p.type) does not name table \(object.table)")
                }
                value = try b.write(object, schema: MSLiteSchema.schema)
            case .raw(let raw):
                value = try b.writeRaw(raw, name: "MetaGraph.nodes[\(index)].primitive.value")
            }
            try b.startTable()
            b.add(0, p.type)
            b.add(1, value)
            primitive = try b.endTable()
        }
        let name = try node.name.map { (s: String) throws(FormatError) in try b.createString(s) }
        let inputs = try b.createVector(node.inputIndex)
        let outputs = try b.createVector(node.outputIndex)
        try b.startTable()
        b.add(0, name)
        b.add(1, node.nodeType, default: 0)
        b.add(2, primitive)
        b.add(3, inputs)
        b.add(4, outputs)
        b.add(5, node.quantType, default: 0)
        b.add(6, node.deviceType, default: -1)
        return try b.endTable()
    }

    static func writeTensor(_ t: MSLiteTensor, _ b: FlatBufferBuilder) throws(FormatError) -> FlatBufferBuilder.Offset {
        let data = t.data.isEmpty ? nil : try b.createVector(t.data, count: t.data.count, elementSize: 1, alignment: 16)
        let dims = try b.createVector(t.dims)
        var quant: FlatBufferBuilder.Offset?
        if !t.quantParams.isEmpty {
            var offsets: [FlatBufferBuilder.Offset] = []
            for q in t.quantParams {
                try b.startTable()
                b.add(0, q.scale, default: 1)
                b.add(1, q.zeroPoint, default: 0)
                b.add(2, q.min, default: 0)
                b.add(3, q.max, default: 0)
                b.add(4, q.narrowRange, default: true)
                b.add(5, q.numBits, default: 8)
                b.add(6, q.inited, default: false)
                b.add(7, q.varCorr, default: 1)
                b.add(8, q.meanCorr, default: 0)
                b.add(9, q.dstDtype, default: 32)
                b.add(10, q.roundType, default: 1)
                b.add(11, q.multiplier, default: 1)
                offsets.append(try b.endTable())
            }
            quant = try b.createVector(offsets: offsets)
        }
        let clusters = t.quantClusters.isEmpty ? nil : try b.createVector(t.quantClusters)
        let name = try t.name.map { (s: String) throws(FormatError) in try b.createString(s) }
        var external: FlatBufferBuilder.Offset?
        if !t.externalData.isEmpty {
            var offsets: [FlatBufferBuilder.Offset] = []
            for e in t.externalData {
                let sum = try e.checkSum.map { (s: String) throws(FormatError) in try b.createString(s) }
                let location = try e.location.map { (s: String) throws(FormatError) in try b.createString(s) }
                try b.startTable()
                b.add(0, sum)
                b.add(1, location)
                b.add(2, e.offset, default: 0)
                b.add(3, e.length, default: -1)
                offsets.append(try b.endTable())
            }
            external = try b.createVector(offsets: offsets)
        }
        try b.startTable()
        b.add(0, t.nodeType, default: 0)
        b.add(1, t.dataType, default: 0)
        b.add(2, dims)
        b.add(3, t.format, default: 0)
        b.add(4, t.refCount, default: 0)
        b.add(5, t.offset, default: 0)
        b.add(6, data)
        b.add(7, quant)
        b.add(8, clusters)
        b.add(9, name)
        b.add(10, t.enableHuffmanCode, default: false)
        b.add(11, t.weightQuantCompressType, default: 0)
        b.add(12, external)
        return try b.endTable()
    }

    /// Encodes and writes atomically (temporary file + rename).
    public static func write(_ document: MSLiteDocument, to path: String, options: EncodingOptions = .init()) throws(FormatError) {
        let bytes = try encode(document, options: options)
        let writer = try AtomicFileWriter(path: path, format: formatName)
        do throws(FormatError) {
            try writer.write(bytes)
            try writer.commit()
        } catch {
            writer.abort()
            throw error
        }
    }
}
