/// `Tensor.dataType` values: MindSpore `TypeId` (FORMATS.md §4.4), with the neutral lowercase names
/// the CLI reports and the element width in bytes. Values >= 45 moved between MindSpore versions; we
/// name the 2.x numbering and report anything else as unknown rather than guessing.
public enum MSLiteDataType {
    public static let table: [Int32: (name: String, width: Int)] = [
        30: ("bool", 1), 31: ("int32", 4), 32: ("int8", 1), 33: ("int16", 2), 34: ("int32", 4), 35: ("int64", 8),
        36: ("uint32", 4), 37: ("uint8", 1), 38: ("uint16", 2), 39: ("uint32", 4), 40: ("uint64", 8),
        41: ("float32", 4), 42: ("float16", 2), 43: ("float32", 4), 44: ("float64", 8), 45: ("bfloat16", 2),
        12: ("string", 1),
    ]

    /// The neutral name (`float32` …) of a TypeId, or nil when we do not know it.
    public static func name(_ typeId: Int32) -> String? { table[typeId]?.name }

    /// Bytes per element, or nil when unknown.
    public static func width(_ typeId: Int32) -> Int? { table[typeId]?.width }

    /// The TypeId we write for a neutral name (the specific codes: Float32 = 43, Int32 = 34 …).
    public static func typeId(forName name: String) -> Int32? {
        switch name {
        case "bool": 30
        case "int8": 32
        case "int16": 33
        case "int32": 34
        case "int64": 35
        case "uint8": 37
        case "uint16": 38
        case "uint32": 39
        case "uint64": 40
        case "float16": 42
        case "float32": 43
        case "float64": 44
        case "bfloat16": 45
        case "string": 12
        default: nil
        }
    }
}
