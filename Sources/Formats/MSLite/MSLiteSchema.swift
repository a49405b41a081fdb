/// The `.ms` schema (FORMATS.md §4) as data for the FlatBuffers runtime: the model tables written out
/// here, the 221 op tables and the `PrimitiveType` union member list in `MSLiteOps+Schema.swift`.
public enum MSLiteSchema {
    /// The file identifier at bytes 4..<8 (FORMATS.md §4.1).
    public static let identifier: [UInt8] = Array("MSL2".utf8)
    public static let rootTable = "MetaGraph"

    typealias F = FlatBufferSchema.Field

    static let modelTables: [FlatBufferSchema.Table] = [
        .init(
            "MetaGraph",
            [
                F("name", .string), F("version", .string), F("fmkType", .scalar(.int32), default: 0),
                F("inputIndex", .vector(.uint32)), F("outputIndex", .vector(.uint32)),
                F("mempoolSize", .scalar(.uint32), default: 0), F("nodes", .vectorOfTables("CNode")),
                F("allTensors", .vectorOfTables("Tensor")), F("subGraph", .vectorOfTables("SubGraph")),
                F("obfuscate", .scalar(.bool), default: false), F("obfMetaData", .vector(.uint8)),
            ]),
        .init(
            "SubGraph",
            [
                F("name", .string), F("inputIndices", .vector(.uint32)), F("outputIndices", .vector(.uint32)),
                F("nodeIndices", .vector(.uint32)), F("tensorIndices", .vector(.uint32)),
            ]),
        .init(
            "CNode",
            [
                F("name", .string), F("nodeType", .scalar(.int32), default: 0), F("primitive", .table("Primitive")),
                F("inputIndex", .vector(.uint32)), F("outputIndex", .vector(.uint32)),
                F("quantType", .scalar(.int32), default: 0), F("deviceType", .scalar(.int32), default: -1),
            ]),
        .init("Primitive", [F("value_type", .unionType), F("value", .union(primitiveTypeNames.map { Optional($0) }))]),
        .init(
            "Tensor",
            [
                F("nodeType", .scalar(.int32), default: 0), F("dataType", .scalar(.int32), default: 0),
                F("dims", .vector(.int32)), F("format", .scalar(.int32), default: 0),
                F("refCount", .scalar(.int32), default: 0), F("offset", .scalar(.int32), default: 0),
                F("data", .vector(.uint8)), F("quantParams", .vectorOfTables("QuantParam")),
                F("quantClusters", .vector(.float32)), F("name", .string),
                F("enableHuffmanCode", .scalar(.bool), default: false),
                F("weightQuantCompressType", .scalar(.int32), default: 0),
                F("externalData", .vectorOfTables("ExternalData")),
            ]),
        .init(
            "QuantParam",
            [
                F("scale", .scalar(.float64), default: 1.0), F("zeroPoint", .scalar(.int32), default: 0),
                F("min", .scalar(.float64), default: 0.0), F("max", .scalar(.float64), default: 0.0),
                F("narrowRange", .scalar(.bool), default: true), F("numBits", .scalar(.int32), default: 8),
                F("inited", .scalar(.bool), default: false), F("varCorr", .scalar(.float32), default: 1.0),
                F("meanCorr", .scalar(.float32), default: 0.0), F("dstDtype", .scalar(.int32), default: 32),
                F("roundType", .scalar(.int32), default: 1), F("multiplier", .scalar(.int32), default: 1),
            ]),
        .init(
            "ExternalData",
            [
                F("checkSum", .string), F("location", .string), F("offset", .scalar(.int64), default: 0),
                F("length", .scalar(.int64), default: -1),
            ]),
    ]

    /// The whole schema: model tables, helper tables (`Vec`, `Vec2D`, `Attribute`) and every op table.
    public static let schema = FlatBufferSchema(modelTables + opTables.map { FlatBufferSchema.Table($0.name, $0.fields) })

    /// The union index of op `name` (1-based; 0 is NONE), or nil when there is no such member.
    public static func primitiveType(named name: String) -> UInt8? {
        primitiveTypeIndex[name]
    }

    static let primitiveTypeIndex: [String: UInt8] = {
        var index: [String: UInt8] = [:]
        for (i, name) in primitiveTypeNames.enumerated() { index[name] = UInt8(i + 1) }
        return index
    }()

    /// The op name for a union index, or nil for NONE and indices newer than our schema.
    public static func primitiveName(_ type: UInt8) -> String? {
        type >= 1 && Int(type) <= primitiveTypeNames.count ? primitiveTypeNames[Int(type) - 1] : nil
    }
}
