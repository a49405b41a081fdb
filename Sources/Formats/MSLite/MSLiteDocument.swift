/// A MindSpore Lite model (`.ms`, FORMATS.md §4) as a faithful value: every field of the model tables,
/// ops as schema-driven `FlatObject`s (unknown union members as raw tables), tensor payloads as
/// zero-copy views into the file. Absent vectors read as empty; absent strings as nil.
public struct MSLiteDocument: Sendable, Equatable {
    /// `MetaGraph.name` (0).
    public var name: String?
    /// `MetaGraph.version` (1), e.g. `"MindSpore Lite 2.0.0"` (§4.3).
    public var version: String?
    /// `MetaGraph.fmkType` (2): the source framework.
    public var fmkType: Int32 = 0
    /// `MetaGraph.inputIndex` (3): model input tensors, by index into `tensors`.
    public var inputIndex: [UInt32] = []
    /// `MetaGraph.outputIndex` (4).
    public var outputIndex: [UInt32] = []
    /// `MetaGraph.mempoolSize` (5).
    public var mempoolSize: UInt32 = 0
    /// `MetaGraph.nodes` (6).
    public var nodes: [MSLiteNode] = []
    /// `MetaGraph.allTensors` (7).
    public var tensors: [MSLiteTensor] = []
    /// `MetaGraph.subGraph` (8).
    public var subGraphs: [MSLiteSubGraph] = []
    /// `MetaGraph.obfuscate` (9, deprecated).
    public var obfuscate: Bool = false
    /// `MetaGraph.obfMetaData` (10, deprecated).
    public var obfMetaData: ByteView? = nil

    public init(name: String? = nil, version: String? = MSLiteDocument.defaultVersion) {
        self.name = name
        self.version = version
    }

    /// What we write as `MetaGraph.version`: the runtime's prefix and a version >= 1.8.0 (§4.3).
    public static let defaultVersion = "MindSpore Lite 2.0.0"
}

/// `SubGraph`: a named subset of nodes and tensors.
public struct MSLiteSubGraph: Sendable, Equatable {
    public var name: String?
    public var inputIndices: [UInt32] = []
    public var outputIndices: [UInt32] = []
    public var nodeIndices: [UInt32] = []
    public var tensorIndices: [UInt32] = []

    public init(name: String?, inputIndices: [UInt32] = [], outputIndices: [UInt32] = [], nodeIndices: [UInt32] = [],
        tensorIndices: [UInt32] = [])
    {
        self.name = name
        self.inputIndices = inputIndices
        self.outputIndices = outputIndices
        self.nodeIndices = nodeIndices
        self.tensorIndices = tensorIndices
    }
}

/// `CNode`: one op application.
public struct MSLiteNode: Sendable, Equatable {
    public var name: String?
    /// `CNode.nodeType` (1): deprecated, kept because its slot is still there.
    public var nodeType: Int32 = 0
    public var primitive: MSLitePrimitive?
    public var inputIndex: [UInt32] = []
    public var outputIndex: [UInt32] = []
    /// `CNode.quantType` (5), a `QuantType`.
    public var quantType: Int32 = 0
    /// `CNode.deviceType` (6): 1 CPU, 2 GPU, 3 NPU, -1 unknown.
    public var deviceType: Int32 = -1

    public init(name: String?, primitive: MSLitePrimitive?, inputIndex: [UInt32] = [], outputIndex: [UInt32] = []) {
        self.name = name
        self.primitive = primitive
        self.inputIndex = inputIndex
        self.outputIndex = outputIndex
    }
}

/// `Primitive`: the `PrimitiveType` union (§4.6): the member index and its table.
public struct MSLitePrimitive: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        /// A member our schema knows (fields by id, see `MSLiteSchema`).
        case table(FlatObject)
        /// A member newer than our schema, kept as raw slots.
        case raw(FlatRawTable)
    }

    /// The `value_type` byte.
    public var type: UInt8
    public var value: Value

    public init(type: UInt8, value: Value) {
        self.type = type
        self.value = value
    }

    /// An op of a known member, fields given by name (unknown names or wrong kinds throw).
    public init(_ op: String, _ fields: [String: FlatValue] = [:]) throws(FormatError) {
        guard let type = MSLiteSchema.primitiveType(named: op), let table = MSLiteSchema.schema[op] else {
            throw FormatError(.invalidValue, format: MSLiteCodec.formatName, message: "no op named \(op) in PrimitiveType")
        }
        var object = FlatObject(table: op)
        for (name, value) in fields {
            guard let id = table.fields.firstIndex(where: { $0.name == name }) else {
                throw FormatError(.invalidValue, format: MSLiteCodec.formatName, message: "\(op) has no field \(name)")
            }
            object[id] = value
        }
        self.init(type: type, value: .table(object))
    }

    /// The member name (`Conv2DFusion` …), or `PrimitiveType#N` for members newer than our schema.
    public var name: String { MSLiteSchema.primitiveName(type) ?? "PrimitiveType#\(type)" }

    /// Field `name` of a known member, when present.
    public subscript(field: String) -> FlatValue? {
        guard case .table(let object) = value, let table = MSLiteSchema.schema[object.table],
            let id = table.fields.firstIndex(where: { $0.name == field })
        else { return nil }
        return object[id]
    }

    /// Field `name` or the schema default when absent (scalars only).
    public func scalar(_ field: String) -> FlatValue? {
        if let present = self[field] { return present }
        guard case .table(let object) = value, let table = MSLiteSchema.schema[object.table],
            let f = table.fields.first(where: { $0.name == field }), case .scalar(let kind) = f.type
        else { return nil }
        switch f.defaultValue {
        // Schemas write float defaults as integers too (`scale: float = 1`).
        case .int(let v) where kind == .float32: return .float(Float(v))
        case .int(let v) where kind == .float64: return .scalar(.float64, bits: Double(v).bitPattern)
        case .int(let v): return .int(v, kind)
        case .float(let v): return kind == .float64 ? .scalar(.float64, bits: v.bitPattern) : .float(Float(v))
        case .bool(let v): return .bool(v)
        case nil: return .scalar(kind, bits: 0)
        }
    }
}

/// `Tensor`: a graph value: activation (no data) or constant (data).
public struct MSLiteTensor: Sendable, Equatable {
    /// `nodeType` (0): the converter marks constants as ValueNode.
    public var nodeType: Int32 = 0
    /// `dataType` (1): a MindSpore TypeId (§4.4), see `MSLiteDataType`.
    public var dataType: Int32 = 0
    public var dims: [Int32] = []
    /// `format` (3): a `Format` (NCHW 0, NHWC 1, KHWC 7 …).
    public var format: Int32 = 0
    public var refCount: Int32 = 0
    public var offset: Int32 = 0
    /// `data` (6): raw little-endian payload, zero-copy; empty for activations.
    public var data: ByteView = ByteView(bytes: [])
    public var quantParams: [MSLiteQuantParam] = []
    public var quantClusters: [Float] = []
    public var name: String?
    public var enableHuffmanCode: Bool = false
    public var weightQuantCompressType: Int32 = 0
    public var externalData: [MSLiteExternalData] = []

    public init(name: String?, dataType: Int32, dims: [Int32], format: Int32 = 1, nodeType: Int32 = 0, data: ByteView = ByteView(bytes: [])) {
        self.name = name
        self.dataType = dataType
        self.dims = dims
        self.format = format
        self.nodeType = nodeType
        self.data = data
    }
}

/// `QuantParam` (§4.2), defaults as the schema gives them.
public struct MSLiteQuantParam: Sendable, Equatable {
    public var scale: Double = 1
    public var zeroPoint: Int32 = 0
    public var min: Double = 0
    public var max: Double = 0
    public var narrowRange: Bool = true
    public var numBits: Int32 = 8
    public var inited: Bool = false
    public var varCorr: Float = 1
    public var meanCorr: Float = 0
    public var dstDtype: Int32 = 32
    public var roundType: Int32 = 1
    public var multiplier: Int32 = 1

    public init() {}
}

/// `ExternalData` (§4.2): weights kept in a side file.
public struct MSLiteExternalData: Sendable, Equatable {
    public var checkSum: String?
    public var location: String?
    public var offset: Int64 = 0
    public var length: Int64 = -1

    public init(checkSum: String? = nil, location: String? = nil, offset: Int64 = 0, length: Int64 = -1) {
        self.checkSum = checkSum
        self.location = location
        self.offset = offset
        self.length = length
    }
}

// Floats compare by bit pattern, so a NaN read from a file equals itself after a round trip.
extension MSLiteTensor {
    public static func == (a: Self, b: Self) -> Bool {
        a.nodeType == b.nodeType && a.dataType == b.dataType && a.dims == b.dims && a.format == b.format
            && a.refCount == b.refCount && a.offset == b.offset && a.data == b.data && a.quantParams == b.quantParams
            && a.quantClusters.map(\.bitPattern) == b.quantClusters.map(\.bitPattern) && a.name == b.name
            && a.enableHuffmanCode == b.enableHuffmanCode && a.weightQuantCompressType == b.weightQuantCompressType
            && a.externalData == b.externalData
    }
}

extension MSLiteQuantParam {
    public static func == (a: Self, b: Self) -> Bool {
        a.scale.bitPattern == b.scale.bitPattern && a.zeroPoint == b.zeroPoint && a.min.bitPattern == b.min.bitPattern
            && a.max.bitPattern == b.max.bitPattern && a.narrowRange == b.narrowRange && a.numBits == b.numBits
            && a.inited == b.inited && a.varCorr.bitPattern == b.varCorr.bitPattern
            && a.meanCorr.bitPattern == b.meanCorr.bitPattern && a.dstDtype == b.dstDtype && a.roundType == b.roundType
            && a.multiplier == b.multiplier
    }
}
