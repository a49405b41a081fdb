// Generated from Protos/ge_ir.proto by scripts/regenerate-protos; do not edit.


#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SwiftProtobuf

fileprivate nonisolated struct _GeneratedWithProtocGenSwiftVersion: SwiftProtobuf.ProtobufAPIVersionCheck {
  struct _2: SwiftProtobuf.ProtobufAPIVersion_2 {}
  typealias Version = _2
}

public nonisolated enum Ge_Proto_DataType: SwiftProtobuf.Enum, Swift.CaseIterable {
  public typealias RawValue = Int
  case dtUndefined // = 0
  case dtFloat // = 1
  case dtFloat16 // = 2
  case dtInt8 // = 3
  case dtUint8 // = 4
  case dtInt16 // = 5
  case dtUint16 // = 6
  case dtInt32 // = 7
  case dtInt64 // = 8
  case dtUint32 // = 9
  case dtUint64 // = 10
  case dtBool // = 11
  case dtDouble // = 12
  case dtString // = 13
  case dtDualSubInt8 // = 14
  case dtDualSubUint8 // = 15
  case dtComplex64 // = 16
  case dtComplex128 // = 17
  case dtQint8 // = 18
  case dtQint16 // = 19
  case dtQint32 // = 20
  case dtQuint8 // = 21
  case dtQuint16 // = 22
  case dtResource // = 23
  case dtStringRef // = 24
  case dtDual // = 25
  case dtVariant // = 26
  case dtBf16 // = 27
  case dtInt4 // = 28
  case dtUint1 // = 29
  case dtInt2 // = 30
  case dtUint2 // = 31
  case UNRECOGNIZED(Int)

  public init() {
    self = .dtUndefined
  }

  public init?(rawValue: Int) {
    switch rawValue {
    case 0: self = .dtUndefined
    case 1: self = .dtFloat
    case 2: self = .dtFloat16
    case 3: self = .dtInt8
    case 4: self = .dtUint8
    case 5: self = .dtInt16
    case 6: self = .dtUint16
    case 7: self = .dtInt32
    case 8: self = .dtInt64
    case 9: self = .dtUint32
    case 10: self = .dtUint64
    case 11: self = .dtBool
    case 12: self = .dtDouble
    case 13: self = .dtString
    case 14: self = .dtDualSubInt8
    case 15: self = .dtDualSubUint8
    case 16: self = .dtComplex64
    case 17: self = .dtComplex128
    case 18: self = .dtQint8
    case 19: self = .dtQint16
    case 20: self = .dtQint32
    case 21: self = .dtQuint8
    case 22: self = .dtQuint16
    case 23: self = .dtResource
    case 24: self = .dtStringRef
    case 25: self = .dtDual
    case 26: self = .dtVariant
    case 27: self = .dtBf16
    case 28: self = .dtInt4
    case 29: self = .dtUint1
    case 30: self = .dtInt2
    case 31: self = .dtUint2
    default: self = .UNRECOGNIZED(rawValue)
    }
  }

  public var rawValue: Int {
    switch self {
    case .dtUndefined: return 0
    case .dtFloat: return 1
    case .dtFloat16: return 2
    case .dtInt8: return 3
    case .dtUint8: return 4
    case .dtInt16: return 5
    case .dtUint16: return 6
    case .dtInt32: return 7
    case .dtInt64: return 8
    case .dtUint32: return 9
    case .dtUint64: return 10
    case .dtBool: return 11
    case .dtDouble: return 12
    case .dtString: return 13
    case .dtDualSubInt8: return 14
    case .dtDualSubUint8: return 15
    case .dtComplex64: return 16
    case .dtComplex128: return 17
    case .dtQint8: return 18
    case .dtQint16: return 19
    case .dtQint32: return 20
    case .dtQuint8: return 21
    case .dtQuint16: return 22
    case .dtResource: return 23
    case .dtStringRef: return 24
    case .dtDual: return 25
    case .dtVariant: return 26
    case .dtBf16: return 27
    case .dtInt4: return 28
    case .dtUint1: return 29
    case .dtInt2: return 30
    case .dtUint2: return 31
    case .UNRECOGNIZED(let i): return i
    }
  }

  public static let allCases: [Ge_Proto_DataType] = [
    .dtUndefined,
    .dtFloat,
    .dtFloat16,
    .dtInt8,
    .dtUint8,
    .dtInt16,
    .dtUint16,
    .dtInt32,
    .dtInt64,
    .dtUint32,
    .dtUint64,
    .dtBool,
    .dtDouble,
    .dtString,
    .dtDualSubInt8,
    .dtDualSubUint8,
    .dtComplex64,
    .dtComplex128,
    .dtQint8,
    .dtQint16,
    .dtQint32,
    .dtQuint8,
    .dtQuint16,
    .dtResource,
    .dtStringRef,
    .dtDual,
    .dtVariant,
    .dtBf16,
    .dtInt4,
    .dtUint1,
    .dtInt2,
    .dtUint2,
  ]

}

public nonisolated struct Ge_Proto_AttrDef: Sendable {

  public var value: Ge_Proto_AttrDef.OneOf_Value? = nil

  public var list: Ge_Proto_AttrDef.ListValue {
    get {
      if case .list(let v)? = value {return v}
      return Ge_Proto_AttrDef.ListValue()
    }
    set {value = .list(newValue)}
  }

  public var s: Data {
    get {
      if case .s(let v)? = value {return v}
      return Data()
    }
    set {value = .s(newValue)}
  }

  public var i: Int64 {
    get {
      if case .i(let v)? = value {return v}
      return 0
    }
    set {value = .i(newValue)}
  }

  public var f: Float {
    get {
      if case .f(let v)? = value {return v}
      return 0
    }
    set {value = .f(newValue)}
  }

  public var b: Bool {
    get {
      if case .b(let v)? = value {return v}
      return false
    }
    set {value = .b(newValue)}
  }

  public var bt: Data {
    get {
      if case .bt(let v)? = value {return v}
      return Data()
    }
    set {value = .bt(newValue)}
  }

  public var `func`: Ge_Proto_NamedAttrs {
    get {
      if case .func(let v)? = value {return v}
      return Ge_Proto_NamedAttrs()
    }
    set {value = .func(newValue)}
  }

  public var td: Ge_Proto_TensorDescriptor {
    get {
      if case .td(let v)? = value {return v}
      return Ge_Proto_TensorDescriptor()
    }
    set {value = .td(newValue)}
  }

  public var t: Ge_Proto_TensorDef {
    get {
      if case .t(let v)? = value {return v}
      return Ge_Proto_TensorDef()
    }
    set {value = .t(newValue)}
  }

  public var g: Ge_Proto_GraphDef {
    get {
      if case .g(let v)? = value {return v}
      return Ge_Proto_GraphDef()
    }
    set {value = .g(newValue)}
  }

  public var listListInt: Ge_Proto_AttrDef.ListListInt {
    get {
      if case .listListInt(let v)? = value {return v}
      return Ge_Proto_AttrDef.ListListInt()
    }
    set {value = .listListInt(newValue)}
  }

  public var dt: Int64 {
    get {
      if case .dt(let v)? = value {return v}
      return 0
    }
    set {value = .dt(newValue)}
  }

  public var listListFloat: Ge_Proto_AttrDef.ListListFloat {
    get {
      if case .listListFloat(let v)? = value {return v}
      return Ge_Proto_AttrDef.ListListFloat()
    }
    set {value = .listListFloat(newValue)}
  }

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public nonisolated enum OneOf_Value: Equatable, Sendable {
    case list(Ge_Proto_AttrDef.ListValue)
    case s(Data)
    case i(Int64)
    case f(Float)
    case b(Bool)
    case bt(Data)
    case `func`(Ge_Proto_NamedAttrs)
    case td(Ge_Proto_TensorDescriptor)
    case t(Ge_Proto_TensorDef)
    case g(Ge_Proto_GraphDef)
    case listListInt(Ge_Proto_AttrDef.ListListInt)
    case dt(Int64)
    case listListFloat(Ge_Proto_AttrDef.ListListFloat)

  }

  public nonisolated struct ListValue: Sendable {

    public var s: [Data] = []

    public var i: [Int64] = []

    public var f: [Float] = []

    public var b: [Bool] = []

    public var bt: [Data] = []

    public var td: [Ge_Proto_TensorDescriptor] = []

    public var t: [Ge_Proto_TensorDef] = []

    public var g: [Ge_Proto_GraphDef] = []

    public var na: [Ge_Proto_NamedAttrs] = []

    public var dt: [Int64] = []

    public var valType: Ge_Proto_AttrDef.ListValue.ListValueType = .vtListNone

    public var unknownFields = SwiftProtobuf.UnknownStorage()

    public nonisolated enum ListValueType: SwiftProtobuf.Enum, Swift.CaseIterable {
      public typealias RawValue = Int
      case vtListNone // = 0
      case vtListString // = 1
      case vtListInt // = 2
      case vtListFloat // = 3
      case vtListBool // = 4
      case vtListBytes // = 5
      case vtListTensorDesc // = 6
      case vtListTensor // = 7
      case vtListGraph // = 8
      case vtListNamedAttrs // = 9
      case vtListDataType // = 10
      case UNRECOGNIZED(Int)

      public init() {
        self = .vtListNone
      }

      public init?(rawValue: Int) {
        switch rawValue {
        case 0: self = .vtListNone
        case 1: self = .vtListString
        case 2: self = .vtListInt
        case 3: self = .vtListFloat
        case 4: self = .vtListBool
        case 5: self = .vtListBytes
        case 6: self = .vtListTensorDesc
        case 7: self = .vtListTensor
        case 8: self = .vtListGraph
        case 9: self = .vtListNamedAttrs
        case 10: self = .vtListDataType
        default: self = .UNRECOGNIZED(rawValue)
        }
      }

      public var rawValue: Int {
        switch self {
        case .vtListNone: return 0
        case .vtListString: return 1
        case .vtListInt: return 2
        case .vtListFloat: return 3
        case .vtListBool: return 4
        case .vtListBytes: return 5
        case .vtListTensorDesc: return 6
        case .vtListTensor: return 7
        case .vtListGraph: return 8
        case .vtListNamedAttrs: return 9
        case .vtListDataType: return 10
        case .UNRECOGNIZED(let i): return i
        }
      }

      public static let allCases: [Ge_Proto_AttrDef.ListValue.ListValueType] = [
        .vtListNone,
        .vtListString,
        .vtListInt,
        .vtListFloat,
        .vtListBool,
        .vtListBytes,
        .vtListTensorDesc,
        .vtListTensor,
        .vtListGraph,
        .vtListNamedAttrs,
        .vtListDataType,
      ]

    }

    public init() {}
  }

  public nonisolated struct ListListInt: Sendable {

    public var listListI: [Ge_Proto_AttrDef.ListListInt.ListInt] = []

    public var unknownFields = SwiftProtobuf.UnknownStorage()

    public nonisolated struct ListInt: Sendable {

      public var listI: [Int64] = []

      public var unknownFields = SwiftProtobuf.UnknownStorage()

      public init() {}
    }

    public init() {}
  }

  public nonisolated struct ListListFloat: Sendable {

    public var listListF: [Ge_Proto_AttrDef.ListListFloat.ListFloat] = []

    public var unknownFields = SwiftProtobuf.UnknownStorage()

    public nonisolated struct ListFloat: Sendable {

      public var listF: [Float] = []

      public var unknownFields = SwiftProtobuf.UnknownStorage()

      public init() {}
    }

    public init() {}
  }

  public init() {}
}

public nonisolated struct Ge_Proto_NamedAttrs: Sendable {

  public var name: String = String()

  public var attr: Dictionary<String,Ge_Proto_AttrDef> = [:]

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}
}

public nonisolated struct Ge_Proto_ShapeDef: Sendable {

  public var dim: [Int64] = []

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}
}

public nonisolated struct Ge_Proto_TensorDescriptor: @unchecked Sendable {

  public var name: String {
    get {_storage._name}
    set {_uniqueStorage()._name = newValue}
  }

  public var dtype: Ge_Proto_DataType {
    get {_storage._dtype}
    set {_uniqueStorage()._dtype = newValue}
  }

  public var shape: Ge_Proto_ShapeDef {
    get {_storage._shape ?? Ge_Proto_ShapeDef()}
    set {_uniqueStorage()._shape = newValue}
  }
  public var hasShape: Bool {_storage._shape != nil}
  public mutating func clearShape() {_uniqueStorage()._shape = nil}

  public var layout: String {
    get {_storage._layout}
    set {_uniqueStorage()._layout = newValue}
  }

  public var attr: Dictionary<String,Ge_Proto_AttrDef> {
    get {_storage._attr}
    set {_uniqueStorage()._attr = newValue}
  }

  public var hasOutAttr_p: Bool {
    get {_storage._hasOutAttr_p}
    set {_uniqueStorage()._hasOutAttr_p = newValue}
  }

  public var size: Int64 {
    get {_storage._size}
    set {_uniqueStorage()._size = newValue}
  }

  public var weightSize: Int64 {
    get {_storage._weightSize}
    set {_uniqueStorage()._weightSize = newValue}
  }

  public var reuseInput: Bool {
    get {_storage._reuseInput}
    set {_uniqueStorage()._reuseInput = newValue}
  }

  public var outputTensor: Bool {
    get {_storage._outputTensor}
    set {_uniqueStorage()._outputTensor = newValue}
  }

  public var deviceType: String {
    get {_storage._deviceType}
    set {_uniqueStorage()._deviceType = newValue}
  }

  public var inputTensor: Bool {
    get {_storage._inputTensor}
    set {_uniqueStorage()._inputTensor = newValue}
  }

  public var realDimCnt: Int64 {
    get {_storage._realDimCnt}
    set {_uniqueStorage()._realDimCnt = newValue}
  }

  public var reuseInputIndex: Int64 {
    get {_storage._reuseInputIndex}
    set {_uniqueStorage()._reuseInputIndex = newValue}
  }

  public var dataOffset: Int64 {
    get {_storage._dataOffset}
    set {_uniqueStorage()._dataOffset = newValue}
  }

  public var cmpsSize: Int64 {
    get {_storage._cmpsSize}
    set {_uniqueStorage()._cmpsSize = newValue}
  }

  public var cmpsTab: String {
    get {_storage._cmpsTab}
    set {_uniqueStorage()._cmpsTab = newValue}
  }

  public var cmpsTabOffset: Int64 {
    get {_storage._cmpsTabOffset}
    set {_uniqueStorage()._cmpsTabOffset = newValue}
  }

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}

  fileprivate var _storage = _StorageClass.defaultInstance
}

public nonisolated struct Ge_Proto_TensorDef: Sendable {

  public var desc: Ge_Proto_TensorDescriptor {
    get {_desc ?? Ge_Proto_TensorDescriptor()}
    set {_desc = newValue}
  }
  public var hasDesc: Bool {self._desc != nil}
  public mutating func clearDesc() {self._desc = nil}

  public var data: Data = Data()

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}

  fileprivate var _desc: Ge_Proto_TensorDescriptor? = nil
}

public nonisolated struct Ge_Proto_OpDef: @unchecked Sendable {

  public var name: String {
    get {_storage._name}
    set {_uniqueStorage()._name = newValue}
  }

  public var type: String {
    get {_storage._type}
    set {_uniqueStorage()._type = newValue}
  }

  public var input: [String] {
    get {_storage._input}
    set {_uniqueStorage()._input = newValue}
  }

  public var attr: Dictionary<String,Ge_Proto_AttrDef> {
    get {_storage._attr}
    set {_uniqueStorage()._attr = newValue}
  }

  public var hasOutAttr_p: Bool {
    get {_storage._hasOutAttr_p}
    set {_uniqueStorage()._hasOutAttr_p = newValue}
  }

  public var id: Int64 {
    get {_storage._id}
    set {_uniqueStorage()._id = newValue}
  }

  public var streamID: Int64 {
    get {_storage._streamID}
    set {_uniqueStorage()._streamID = newValue}
  }

  public var inputName: [String] {
    get {_storage._inputName}
    set {_uniqueStorage()._inputName = newValue}
  }

  public var srcName: [String] {
    get {_storage._srcName}
    set {_uniqueStorage()._srcName = newValue}
  }

  public var srcIndex: [Int64] {
    get {_storage._srcIndex}
    set {_uniqueStorage()._srcIndex = newValue}
  }

  public var dstName: [String] {
    get {_storage._dstName}
    set {_uniqueStorage()._dstName = newValue}
  }

  public var dstIndex: [Int64] {
    get {_storage._dstIndex}
    set {_uniqueStorage()._dstIndex = newValue}
  }

  public var inputI: [Int64] {
    get {_storage._inputI}
    set {_uniqueStorage()._inputI = newValue}
  }

  public var outputI: [Int64] {
    get {_storage._outputI}
    set {_uniqueStorage()._outputI = newValue}
  }

  public var workspace: [Int64] {
    get {_storage._workspace}
    set {_uniqueStorage()._workspace = newValue}
  }

  public var workspaceBytes: [Int64] {
    get {_storage._workspaceBytes}
    set {_uniqueStorage()._workspaceBytes = newValue}
  }

  public var isInputConst: [Bool] {
    get {_storage._isInputConst}
    set {_uniqueStorage()._isInputConst = newValue}
  }

  public var inputDesc: [Ge_Proto_TensorDescriptor] {
    get {_storage._inputDesc}
    set {_uniqueStorage()._inputDesc = newValue}
  }

  public var outputDesc: [Ge_Proto_TensorDescriptor] {
    get {_storage._outputDesc}
    set {_uniqueStorage()._outputDesc = newValue}
  }

  public var subgraphName: [String] {
    get {_storage._subgraphName}
    set {_uniqueStorage()._subgraphName = newValue}
  }

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}

  fileprivate var _storage = _StorageClass.defaultInstance
}

public nonisolated struct Ge_Proto_GraphDef: Sendable {

  public var name: String = String()

  public var input: [String] = []

  public var output: [String] = []

  public var op: [Ge_Proto_OpDef] = []

  public var attr: Dictionary<String,Ge_Proto_AttrDef> = [:]

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}
}

public nonisolated struct Ge_Proto_ModelDef: Sendable {

  public var name: String = String()

  public var version: UInt32 = 0

  public var customVersion: String = String()

  public var graph: [Ge_Proto_GraphDef] = []

  public var attr: Dictionary<String,Ge_Proto_AttrDef> = [:]

  public var unknownFields = SwiftProtobuf.UnknownStorage()

  public init() {}
}

fileprivate nonisolated let _protobuf_package = "ge.proto"

nonisolated extension Ge_Proto_DataType: SwiftProtobuf._ProtoNameProviding {
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{2}\0DT_UNDEFINED\0\u{1}DT_FLOAT\0\u{1}DT_FLOAT16\0\u{1}DT_INT8\0\u{1}DT_UINT8\0\u{1}DT_INT16\0\u{1}DT_UINT16\0\u{1}DT_INT32\0\u{1}DT_INT64\0\u{1}DT_UINT32\0\u{1}DT_UINT64\0\u{1}DT_BOOL\0\u{1}DT_DOUBLE\0\u{1}DT_STRING\0\u{1}DT_DUAL_SUB_INT8\0\u{1}DT_DUAL_SUB_UINT8\0\u{1}DT_COMPLEX64\0\u{1}DT_COMPLEX128\0\u{1}DT_QINT8\0\u{1}DT_QINT16\0\u{1}DT_QINT32\0\u{1}DT_QUINT8\0\u{1}DT_QUINT16\0\u{1}DT_RESOURCE\0\u{1}DT_STRING_REF\0\u{1}DT_DUAL\0\u{1}DT_VARIANT\0\u{1}DT_BF16\0\u{1}DT_INT4\0\u{1}DT_UINT1\0\u{1}DT_INT2\0\u{1}DT_UINT2\0")
}

nonisolated extension Ge_Proto_AttrDef: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".AttrDef"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}list\0\u{1}s\0\u{1}i\0\u{1}f\0\u{1}b\0\u{2}\u{2}bt\0\u{2}\u{3}func\0\u{1}td\0\u{1}t\0\u{1}g\0\u{3}list_list_int\0\u{1}dt\0\u{3}list_list_float\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try {
        var v: Ge_Proto_AttrDef.ListValue?
        var hadOneofValue = false
        if let current = self.value {
          hadOneofValue = true
          if case .list(let m) = current {v = m}
        }
        try decoder.decodeSingularMessageField(value: &v)
        if let v = v {
          if hadOneofValue {try decoder.handleConflictingOneOf()}
          self.value = .list(v)
        }
      }()
      case 2: try {
        var v: Data?
        try decoder.decodeSingularBytesField(value: &v)
        if let v = v {
          if self.value != nil {try decoder.handleConflictingOneOf()}
          self.value = .s(v)
        }
      }()
      case 3: try {
        var v: Int64?
        try decoder.decodeSingularInt64Field(value: &v)
        if let v = v {
          if self.value != nil {try decoder.handleConflictingOneOf()}
          self.value = .i(v)
        }
      }()
      case 4: try {
        var v: Float?
        try decoder.decodeSingularFloatField(value: &v)
        if let v = v {
          if self.value != nil {try decoder.handleConflictingOneOf()}
          self.value = .f(v)
        }
      }()
      case 5: try {
        var v: Bool?
        try decoder.decodeSingularBoolField(value: &v)
        if let v = v {
          if self.value != nil {try decoder.handleConflictingOneOf()}
          self.value = .b(v)
        }
      }()
      case 7: try {
        var v: Data?
        try decoder.decodeSingularBytesField(value: &v)
        if let v = v {
          if self.value != nil {try decoder.handleConflictingOneOf()}
          self.value = .bt(v)
        }
      }()
      case 10: try {
        var v: Ge_Proto_NamedAttrs?
        var hadOneofValue = false
        if let current = self.value {
          hadOneofValue = true
          if case .func(let m) = current {v = m}
        }
        try decoder.decodeSingularMessageField(value: &v)
        if let v = v {
          if hadOneofValue {try decoder.handleConflictingOneOf()}
          self.value = .func(v)
        }
      }()
      case 11: try {
        var v: Ge_Proto_TensorDescriptor?
        var hadOneofValue = false
        if let current = self.value {
          hadOneofValue = true
          if case .td(let m) = current {v = m}
        }
        try decoder.decodeSingularMessageField(value: &v)
        if let v = v {
          if hadOneofValue {try decoder.handleConflictingOneOf()}
          self.value = .td(v)
        }
      }()
      case 12: try {
        var v: Ge_Proto_TensorDef?
        var hadOneofValue = false
        if let current = self.value {
          hadOneofValue = true
          if case .t(let m) = current {v = m}
        }
        try decoder.decodeSingularMessageField(value: &v)
        if let v = v {
          if hadOneofValue {try decoder.handleConflictingOneOf()}
          self.value = .t(v)
        }
      }()
      case 13: try {
        var v: Ge_Proto_GraphDef?
        var hadOneofValue = false
        if let current = self.value {
          hadOneofValue = true
          if case .g(let m) = current {v = m}
        }
        try decoder.decodeSingularMessageField(value: &v)
        if let v = v {
          if hadOneofValue {try decoder.handleConflictingOneOf()}
          self.value = .g(v)
        }
      }()
      case 14: try {
        var v: Ge_Proto_AttrDef.ListListInt?
        var hadOneofValue = false
        if let current = self.value {
          hadOneofValue = true
          if case .listListInt(let m) = current {v = m}
        }
        try decoder.decodeSingularMessageField(value: &v)
        if let v = v {
          if hadOneofValue {try decoder.handleConflictingOneOf()}
          self.value = .listListInt(v)
        }
      }()
      case 15: try {
        var v: Int64?
        try decoder.decodeSingularInt64Field(value: &v)
        if let v = v {
          if self.value != nil {try decoder.handleConflictingOneOf()}
          self.value = .dt(v)
        }
      }()
      case 16: try {
        var v: Ge_Proto_AttrDef.ListListFloat?
        var hadOneofValue = false
        if let current = self.value {
          hadOneofValue = true
          if case .listListFloat(let m) = current {v = m}
        }
        try decoder.decodeSingularMessageField(value: &v)
        if let v = v {
          if hadOneofValue {try decoder.handleConflictingOneOf()}
          self.value = .listListFloat(v)
        }
      }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    switch self.value {
    case .list?: try {
      guard case .list(let v)? = self.value else { preconditionFailure() }
      try visitor.visitSingularMessageField(value: v, fieldNumber: 1)
    }()
    case .s?: try {
      guard case .s(let v)? = self.value else { preconditionFailure() }
      try visitor.visitSingularBytesField(value: v, fieldNumber: 2)
    }()
    case .i?: try {
      guard case .i(let v)? = self.value else { preconditionFailure() }
      try visitor.visitSingularInt64Field(value: v, fieldNumber: 3)
    }()
    case .f?: try {
      guard case .f(let v)? = self.value else { preconditionFailure() }
      try visitor.visitSingularFloatField(value: v, fieldNumber: 4)
    }()
    case .b?: try {
      guard case .b(let v)? = self.value else { preconditionFailure() }
      try visitor.visitSingularBoolField(value: v, fieldNumber: 5)
    }()
    case .bt?: try {
      guard case .bt(let v)? = self.value else { preconditionFailure() }
      try visitor.visitSingularBytesField(value: v, fieldNumber: 7)
    }()
    case .func?: try {
      guard case .func(let v)? = self.value else { preconditionFailure() }
      try visitor.visitSingularMessageField(value: v, fieldNumber: 10)
    }()
    case .td?: try {
      guard case .td(let v)? = self.value else { preconditionFailure() }
      try visitor.visitSingularMessageField(value: v, fieldNumber: 11)
    }()
    case .t?: try {
      guard case .t(let v)? = self.value else { preconditionFailure() }
      try visitor.visitSingularMessageField(value: v, fieldNumber: 12)
    }()
    case .g?: try {
      guard case .g(let v)? = self.value else { preconditionFailure() }
      try visitor.visitSingularMessageField(value: v, fieldNumber: 13)
    }()
    case .listListInt?: try {
      guard case .listListInt(let v)? = self.value else { preconditionFailure() }
      try visitor.visitSingularMessageField(value: v, fieldNumber: 14)
    }()
    case .dt?: try {
      guard case .dt(let v)? = self.value else { preconditionFailure() }
      try visitor.visitSingularInt64Field(value: v, fieldNumber: 15)
    }()
    case .listListFloat?: try {
      guard case .listListFloat(let v)? = self.value else { preconditionFailure() }
      try visitor.visitSingularMessageField(value: v, fieldNumber: 16)
    }()
    case nil: break
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Ge_Proto_AttrDef, rhs: Ge_Proto_AttrDef) -> Bool {
    if lhs.value != rhs.value {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Ge_Proto_AttrDef.ListValue: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = Ge_Proto_AttrDef.protoMessageName + ".ListValue"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{2}\u{2}s\0\u{1}i\0\u{1}f\0\u{1}b\0\u{2}\u{2}bt\0\u{1}td\0\u{1}t\0\u{1}g\0\u{1}na\0\u{1}dt\0\u{4}\u{8}val_type\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 2: try { try decoder.decodeRepeatedBytesField(value: &self.s) }()
      case 3: try { try decoder.decodeRepeatedInt64Field(value: &self.i) }()
      case 4: try { try decoder.decodeRepeatedFloatField(value: &self.f) }()
      case 5: try { try decoder.decodeRepeatedBoolField(value: &self.b) }()
      case 7: try { try decoder.decodeRepeatedBytesField(value: &self.bt) }()
      case 8: try { try decoder.decodeRepeatedMessageField(value: &self.td) }()
      case 9: try { try decoder.decodeRepeatedMessageField(value: &self.t) }()
      case 10: try { try decoder.decodeRepeatedMessageField(value: &self.g) }()
      case 11: try { try decoder.decodeRepeatedMessageField(value: &self.na) }()
      case 12: try { try decoder.decodeRepeatedInt64Field(value: &self.dt) }()
      case 20: try { try decoder.decodeSingularEnumField(value: &self.valType) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    if !self.s.isEmpty {
      try visitor.visitRepeatedBytesField(value: self.s, fieldNumber: 2)
    }
    if !self.i.isEmpty {
      try visitor.visitPackedInt64Field(value: self.i, fieldNumber: 3)
    }
    if !self.f.isEmpty {
      try visitor.visitPackedFloatField(value: self.f, fieldNumber: 4)
    }
    if !self.b.isEmpty {
      try visitor.visitPackedBoolField(value: self.b, fieldNumber: 5)
    }
    if !self.bt.isEmpty {
      try visitor.visitRepeatedBytesField(value: self.bt, fieldNumber: 7)
    }
    if !self.td.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.td, fieldNumber: 8)
    }
    if !self.t.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.t, fieldNumber: 9)
    }
    if !self.g.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.g, fieldNumber: 10)
    }
    if !self.na.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.na, fieldNumber: 11)
    }
    if !self.dt.isEmpty {
      try visitor.visitPackedInt64Field(value: self.dt, fieldNumber: 12)
    }
    if self.valType != .vtListNone {
      try visitor.visitSingularEnumField(value: self.valType, fieldNumber: 20)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Ge_Proto_AttrDef.ListValue, rhs: Ge_Proto_AttrDef.ListValue) -> Bool {
    if lhs.s != rhs.s {return false}
    if lhs.i != rhs.i {return false}
    if lhs.f != rhs.f {return false}
    if lhs.b != rhs.b {return false}
    if lhs.bt != rhs.bt {return false}
    if lhs.td != rhs.td {return false}
    if lhs.t != rhs.t {return false}
    if lhs.g != rhs.g {return false}
    if lhs.na != rhs.na {return false}
    if lhs.dt != rhs.dt {return false}
    if lhs.valType != rhs.valType {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Ge_Proto_AttrDef.ListValue.ListValueType: SwiftProtobuf._ProtoNameProviding {
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{2}\0VT_LIST_NONE\0\u{1}VT_LIST_STRING\0\u{1}VT_LIST_INT\0\u{1}VT_LIST_FLOAT\0\u{1}VT_LIST_BOOL\0\u{1}VT_LIST_BYTES\0\u{1}VT_LIST_TENSOR_DESC\0\u{1}VT_LIST_TENSOR\0\u{1}VT_LIST_GRAPH\0\u{1}VT_LIST_NAMED_ATTRS\0\u{1}VT_LIST_DATA_TYPE\0")
}

nonisolated extension Ge_Proto_AttrDef.ListListInt: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = Ge_Proto_AttrDef.protoMessageName + ".ListListInt"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{3}list_list_i\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeRepeatedMessageField(value: &self.listListI) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    if !self.listListI.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.listListI, fieldNumber: 1)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Ge_Proto_AttrDef.ListListInt, rhs: Ge_Proto_AttrDef.ListListInt) -> Bool {
    if lhs.listListI != rhs.listListI {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Ge_Proto_AttrDef.ListListInt.ListInt: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = Ge_Proto_AttrDef.ListListInt.protoMessageName + ".ListInt"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{3}list_i\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeRepeatedInt64Field(value: &self.listI) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    if !self.listI.isEmpty {
      try visitor.visitPackedInt64Field(value: self.listI, fieldNumber: 1)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Ge_Proto_AttrDef.ListListInt.ListInt, rhs: Ge_Proto_AttrDef.ListListInt.ListInt) -> Bool {
    if lhs.listI != rhs.listI {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Ge_Proto_AttrDef.ListListFloat: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = Ge_Proto_AttrDef.protoMessageName + ".ListListFloat"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{3}list_list_f\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeRepeatedMessageField(value: &self.listListF) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    if !self.listListF.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.listListF, fieldNumber: 1)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Ge_Proto_AttrDef.ListListFloat, rhs: Ge_Proto_AttrDef.ListListFloat) -> Bool {
    if lhs.listListF != rhs.listListF {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Ge_Proto_AttrDef.ListListFloat.ListFloat: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = Ge_Proto_AttrDef.ListListFloat.protoMessageName + ".ListFloat"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{3}list_f\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeRepeatedFloatField(value: &self.listF) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    if !self.listF.isEmpty {
      try visitor.visitPackedFloatField(value: self.listF, fieldNumber: 1)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Ge_Proto_AttrDef.ListListFloat.ListFloat, rhs: Ge_Proto_AttrDef.ListListFloat.ListFloat) -> Bool {
    if lhs.listF != rhs.listF {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Ge_Proto_NamedAttrs: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".NamedAttrs"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}name\0\u{1}attr\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeSingularStringField(value: &self.name) }()
      case 2: try { try decoder.decodeMapField(fieldType: SwiftProtobuf._ProtobufMessageMap<SwiftProtobuf.ProtobufString,Ge_Proto_AttrDef>.self, value: &self.attr) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    if !self.name.isEmpty {
      try visitor.visitSingularStringField(value: self.name, fieldNumber: 1)
    }
    if !self.attr.isEmpty {
      try visitor.visitMapField(fieldType: SwiftProtobuf._ProtobufMessageMap<SwiftProtobuf.ProtobufString,Ge_Proto_AttrDef>.self, value: self.attr, fieldNumber: 2)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Ge_Proto_NamedAttrs, rhs: Ge_Proto_NamedAttrs) -> Bool {
    if lhs.name != rhs.name {return false}
    if lhs.attr != rhs.attr {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Ge_Proto_ShapeDef: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".ShapeDef"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}dim\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeRepeatedInt64Field(value: &self.dim) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    if !self.dim.isEmpty {
      try visitor.visitPackedInt64Field(value: self.dim, fieldNumber: 1)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Ge_Proto_ShapeDef, rhs: Ge_Proto_ShapeDef) -> Bool {
    if lhs.dim != rhs.dim {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Ge_Proto_TensorDescriptor: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".TensorDescriptor"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}name\0\u{1}dtype\0\u{1}shape\0\u{1}layout\0\u{1}attr\0\u{4}\u{4}has_out_attr\0\u{1}size\0\u{3}weight_size\0\u{3}reuse_input\0\u{3}output_tensor\0\u{3}device_type\0\u{3}input_tensor\0\u{3}real_dim_cnt\0\u{3}reuse_input_index\0\u{3}data_offset\0\u{3}cmps_size\0\u{3}cmps_tab\0\u{3}cmps_tab_offset\0")

  fileprivate class _StorageClass {
    var _name: String = String()
    var _dtype: Ge_Proto_DataType = .dtUndefined
    var _shape: Ge_Proto_ShapeDef? = nil
    var _layout: String = String()
    var _attr: Dictionary<String,Ge_Proto_AttrDef> = [:]
    var _hasOutAttr_p: Bool = false
    var _size: Int64 = 0
    var _weightSize: Int64 = 0
    var _reuseInput: Bool = false
    var _outputTensor: Bool = false
    var _deviceType: String = String()
    var _inputTensor: Bool = false
    var _realDimCnt: Int64 = 0
    var _reuseInputIndex: Int64 = 0
    var _dataOffset: Int64 = 0
    var _cmpsSize: Int64 = 0
    var _cmpsTab: String = String()
    var _cmpsTabOffset: Int64 = 0

      static nonisolated(unsafe) let defaultInstance = _StorageClass()

    private init() {}

    init(copying source: _StorageClass) {
      _name = source._name
      _dtype = source._dtype
      _shape = source._shape
      _layout = source._layout
      _attr = source._attr
      _hasOutAttr_p = source._hasOutAttr_p
      _size = source._size
      _weightSize = source._weightSize
      _reuseInput = source._reuseInput
      _outputTensor = source._outputTensor
      _deviceType = source._deviceType
      _inputTensor = source._inputTensor
      _realDimCnt = source._realDimCnt
      _reuseInputIndex = source._reuseInputIndex
      _dataOffset = source._dataOffset
      _cmpsSize = source._cmpsSize
      _cmpsTab = source._cmpsTab
      _cmpsTabOffset = source._cmpsTabOffset
    }
  }

  fileprivate mutating func _uniqueStorage() -> _StorageClass {
    if !isKnownUniquelyReferenced(&_storage) {
      _storage = _StorageClass(copying: _storage)
    }
    return _storage
  }

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    _ = _uniqueStorage()
    try withExtendedLifetime(_storage) { (_storage: _StorageClass) in
      while let fieldNumber = try decoder.nextFieldNumber() {
        switch fieldNumber {
        case 1: try { try decoder.decodeSingularStringField(value: &_storage._name) }()
        case 2: try { try decoder.decodeSingularEnumField(value: &_storage._dtype) }()
        case 3: try { try decoder.decodeSingularMessageField(value: &_storage._shape) }()
        case 4: try { try decoder.decodeSingularStringField(value: &_storage._layout) }()
        case 5: try { try decoder.decodeMapField(fieldType: SwiftProtobuf._ProtobufMessageMap<SwiftProtobuf.ProtobufString,Ge_Proto_AttrDef>.self, value: &_storage._attr) }()
        case 9: try { try decoder.decodeSingularBoolField(value: &_storage._hasOutAttr_p) }()
        case 10: try { try decoder.decodeSingularInt64Field(value: &_storage._size) }()
        case 11: try { try decoder.decodeSingularInt64Field(value: &_storage._weightSize) }()
        case 12: try { try decoder.decodeSingularBoolField(value: &_storage._reuseInput) }()
        case 13: try { try decoder.decodeSingularBoolField(value: &_storage._outputTensor) }()
        case 14: try { try decoder.decodeSingularStringField(value: &_storage._deviceType) }()
        case 15: try { try decoder.decodeSingularBoolField(value: &_storage._inputTensor) }()
        case 16: try { try decoder.decodeSingularInt64Field(value: &_storage._realDimCnt) }()
        case 17: try { try decoder.decodeSingularInt64Field(value: &_storage._reuseInputIndex) }()
        case 18: try { try decoder.decodeSingularInt64Field(value: &_storage._dataOffset) }()
        case 19: try { try decoder.decodeSingularInt64Field(value: &_storage._cmpsSize) }()
        case 20: try { try decoder.decodeSingularStringField(value: &_storage._cmpsTab) }()
        case 21: try { try decoder.decodeSingularInt64Field(value: &_storage._cmpsTabOffset) }()
        default: break
        }
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try withExtendedLifetime(_storage) { (_storage: _StorageClass) in
      if !_storage._name.isEmpty {
        try visitor.visitSingularStringField(value: _storage._name, fieldNumber: 1)
      }
      if _storage._dtype != .dtUndefined {
        try visitor.visitSingularEnumField(value: _storage._dtype, fieldNumber: 2)
      }
      try { if let v = _storage._shape {
        try visitor.visitSingularMessageField(value: v, fieldNumber: 3)
      } }()
      if !_storage._layout.isEmpty {
        try visitor.visitSingularStringField(value: _storage._layout, fieldNumber: 4)
      }
      if !_storage._attr.isEmpty {
        try visitor.visitMapField(fieldType: SwiftProtobuf._ProtobufMessageMap<SwiftProtobuf.ProtobufString,Ge_Proto_AttrDef>.self, value: _storage._attr, fieldNumber: 5)
      }
      if _storage._hasOutAttr_p != false {
        try visitor.visitSingularBoolField(value: _storage._hasOutAttr_p, fieldNumber: 9)
      }
      if _storage._size != 0 {
        try visitor.visitSingularInt64Field(value: _storage._size, fieldNumber: 10)
      }
      if _storage._weightSize != 0 {
        try visitor.visitSingularInt64Field(value: _storage._weightSize, fieldNumber: 11)
      }
      if _storage._reuseInput != false {
        try visitor.visitSingularBoolField(value: _storage._reuseInput, fieldNumber: 12)
      }
      if _storage._outputTensor != false {
        try visitor.visitSingularBoolField(value: _storage._outputTensor, fieldNumber: 13)
      }
      if !_storage._deviceType.isEmpty {
        try visitor.visitSingularStringField(value: _storage._deviceType, fieldNumber: 14)
      }
      if _storage._inputTensor != false {
        try visitor.visitSingularBoolField(value: _storage._inputTensor, fieldNumber: 15)
      }
      if _storage._realDimCnt != 0 {
        try visitor.visitSingularInt64Field(value: _storage._realDimCnt, fieldNumber: 16)
      }
      if _storage._reuseInputIndex != 0 {
        try visitor.visitSingularInt64Field(value: _storage._reuseInputIndex, fieldNumber: 17)
      }
      if _storage._dataOffset != 0 {
        try visitor.visitSingularInt64Field(value: _storage._dataOffset, fieldNumber: 18)
      }
      if _storage._cmpsSize != 0 {
        try visitor.visitSingularInt64Field(value: _storage._cmpsSize, fieldNumber: 19)
      }
      if !_storage._cmpsTab.isEmpty {
        try visitor.visitSingularStringField(value: _storage._cmpsTab, fieldNumber: 20)
      }
      if _storage._cmpsTabOffset != 0 {
        try visitor.visitSingularInt64Field(value: _storage._cmpsTabOffset, fieldNumber: 21)
      }
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Ge_Proto_TensorDescriptor, rhs: Ge_Proto_TensorDescriptor) -> Bool {
    if lhs._storage !== rhs._storage {
      let storagesAreEqual: Bool = withExtendedLifetime((lhs._storage, rhs._storage)) { (_args: (_StorageClass, _StorageClass)) in
        let _storage = _args.0
        let rhs_storage = _args.1
        if _storage._name != rhs_storage._name {return false}
        if _storage._dtype != rhs_storage._dtype {return false}
        if _storage._shape != rhs_storage._shape {return false}
        if _storage._layout != rhs_storage._layout {return false}
        if _storage._attr != rhs_storage._attr {return false}
        if _storage._hasOutAttr_p != rhs_storage._hasOutAttr_p {return false}
        if _storage._size != rhs_storage._size {return false}
        if _storage._weightSize != rhs_storage._weightSize {return false}
        if _storage._reuseInput != rhs_storage._reuseInput {return false}
        if _storage._outputTensor != rhs_storage._outputTensor {return false}
        if _storage._deviceType != rhs_storage._deviceType {return false}
        if _storage._inputTensor != rhs_storage._inputTensor {return false}
        if _storage._realDimCnt != rhs_storage._realDimCnt {return false}
        if _storage._reuseInputIndex != rhs_storage._reuseInputIndex {return false}
        if _storage._dataOffset != rhs_storage._dataOffset {return false}
        if _storage._cmpsSize != rhs_storage._cmpsSize {return false}
        if _storage._cmpsTab != rhs_storage._cmpsTab {return false}
        if _storage._cmpsTabOffset != rhs_storage._cmpsTabOffset {return false}
        return true
      }
      if !storagesAreEqual {return false}
    }
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Ge_Proto_TensorDef: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".TensorDef"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}desc\0\u{1}data\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeSingularMessageField(value: &self._desc) }()
      case 2: try { try decoder.decodeSingularBytesField(value: &self.data) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try { if let v = self._desc {
      try visitor.visitSingularMessageField(value: v, fieldNumber: 1)
    } }()
    if !self.data.isEmpty {
      try visitor.visitSingularBytesField(value: self.data, fieldNumber: 2)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Ge_Proto_TensorDef, rhs: Ge_Proto_TensorDef) -> Bool {
    if lhs._desc != rhs._desc {return false}
    if lhs.data != rhs.data {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Ge_Proto_OpDef: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".OpDef"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}name\0\u{1}type\0\u{2}\u{3}input\0\u{2}\u{5}attr\0\u{4}\u{a}has_out_attr\0\u{1}id\0\u{3}stream_id\0\u{3}input_name\0\u{3}src_name\0\u{3}src_index\0\u{3}dst_name\0\u{3}dst_index\0\u{3}input_i\0\u{3}output_i\0\u{1}workspace\0\u{3}workspace_bytes\0\u{3}is_input_const\0\u{3}input_desc\0\u{3}output_desc\0\u{3}subgraph_name\0")

  fileprivate class _StorageClass {
    var _name: String = String()
    var _type: String = String()
    var _input: [String] = []
    var _attr: Dictionary<String,Ge_Proto_AttrDef> = [:]
    var _hasOutAttr_p: Bool = false
    var _id: Int64 = 0
    var _streamID: Int64 = 0
    var _inputName: [String] = []
    var _srcName: [String] = []
    var _srcIndex: [Int64] = []
    var _dstName: [String] = []
    var _dstIndex: [Int64] = []
    var _inputI: [Int64] = []
    var _outputI: [Int64] = []
    var _workspace: [Int64] = []
    var _workspaceBytes: [Int64] = []
    var _isInputConst: [Bool] = []
    var _inputDesc: [Ge_Proto_TensorDescriptor] = []
    var _outputDesc: [Ge_Proto_TensorDescriptor] = []
    var _subgraphName: [String] = []

      static nonisolated(unsafe) let defaultInstance = _StorageClass()

    private init() {}

    init(copying source: _StorageClass) {
      _name = source._name
      _type = source._type
      _input = source._input
      _attr = source._attr
      _hasOutAttr_p = source._hasOutAttr_p
      _id = source._id
      _streamID = source._streamID
      _inputName = source._inputName
      _srcName = source._srcName
      _srcIndex = source._srcIndex
      _dstName = source._dstName
      _dstIndex = source._dstIndex
      _inputI = source._inputI
      _outputI = source._outputI
      _workspace = source._workspace
      _workspaceBytes = source._workspaceBytes
      _isInputConst = source._isInputConst
      _inputDesc = source._inputDesc
      _outputDesc = source._outputDesc
      _subgraphName = source._subgraphName
    }
  }

  fileprivate mutating func _uniqueStorage() -> _StorageClass {
    if !isKnownUniquelyReferenced(&_storage) {
      _storage = _StorageClass(copying: _storage)
    }
    return _storage
  }

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    _ = _uniqueStorage()
    try withExtendedLifetime(_storage) { (_storage: _StorageClass) in
      while let fieldNumber = try decoder.nextFieldNumber() {
        switch fieldNumber {
        case 1: try { try decoder.decodeSingularStringField(value: &_storage._name) }()
        case 2: try { try decoder.decodeSingularStringField(value: &_storage._type) }()
        case 5: try { try decoder.decodeRepeatedStringField(value: &_storage._input) }()
        case 10: try { try decoder.decodeMapField(fieldType: SwiftProtobuf._ProtobufMessageMap<SwiftProtobuf.ProtobufString,Ge_Proto_AttrDef>.self, value: &_storage._attr) }()
        case 20: try { try decoder.decodeSingularBoolField(value: &_storage._hasOutAttr_p) }()
        case 21: try { try decoder.decodeSingularInt64Field(value: &_storage._id) }()
        case 22: try { try decoder.decodeSingularInt64Field(value: &_storage._streamID) }()
        case 23: try { try decoder.decodeRepeatedStringField(value: &_storage._inputName) }()
        case 24: try { try decoder.decodeRepeatedStringField(value: &_storage._srcName) }()
        case 25: try { try decoder.decodeRepeatedInt64Field(value: &_storage._srcIndex) }()
        case 26: try { try decoder.decodeRepeatedStringField(value: &_storage._dstName) }()
        case 27: try { try decoder.decodeRepeatedInt64Field(value: &_storage._dstIndex) }()
        case 28: try { try decoder.decodeRepeatedInt64Field(value: &_storage._inputI) }()
        case 29: try { try decoder.decodeRepeatedInt64Field(value: &_storage._outputI) }()
        case 30: try { try decoder.decodeRepeatedInt64Field(value: &_storage._workspace) }()
        case 31: try { try decoder.decodeRepeatedInt64Field(value: &_storage._workspaceBytes) }()
        case 32: try { try decoder.decodeRepeatedBoolField(value: &_storage._isInputConst) }()
        case 33: try { try decoder.decodeRepeatedMessageField(value: &_storage._inputDesc) }()
        case 34: try { try decoder.decodeRepeatedMessageField(value: &_storage._outputDesc) }()
        case 35: try { try decoder.decodeRepeatedStringField(value: &_storage._subgraphName) }()
        default: break
        }
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    try withExtendedLifetime(_storage) { (_storage: _StorageClass) in
      if !_storage._name.isEmpty {
        try visitor.visitSingularStringField(value: _storage._name, fieldNumber: 1)
      }
      if !_storage._type.isEmpty {
        try visitor.visitSingularStringField(value: _storage._type, fieldNumber: 2)
      }
      if !_storage._input.isEmpty {
        try visitor.visitRepeatedStringField(value: _storage._input, fieldNumber: 5)
      }
      if !_storage._attr.isEmpty {
        try visitor.visitMapField(fieldType: SwiftProtobuf._ProtobufMessageMap<SwiftProtobuf.ProtobufString,Ge_Proto_AttrDef>.self, value: _storage._attr, fieldNumber: 10)
      }
      if _storage._hasOutAttr_p != false {
        try visitor.visitSingularBoolField(value: _storage._hasOutAttr_p, fieldNumber: 20)
      }
      if _storage._id != 0 {
        try visitor.visitSingularInt64Field(value: _storage._id, fieldNumber: 21)
      }
      if _storage._streamID != 0 {
        try visitor.visitSingularInt64Field(value: _storage._streamID, fieldNumber: 22)
      }
      if !_storage._inputName.isEmpty {
        try visitor.visitRepeatedStringField(value: _storage._inputName, fieldNumber: 23)
      }
      if !_storage._srcName.isEmpty {
        try visitor.visitRepeatedStringField(value: _storage._srcName, fieldNumber: 24)
      }
      if !_storage._srcIndex.isEmpty {
        try visitor.visitPackedInt64Field(value: _storage._srcIndex, fieldNumber: 25)
      }
      if !_storage._dstName.isEmpty {
        try visitor.visitRepeatedStringField(value: _storage._dstName, fieldNumber: 26)
      }
      if !_storage._dstIndex.isEmpty {
        try visitor.visitPackedInt64Field(value: _storage._dstIndex, fieldNumber: 27)
      }
      if !_storage._inputI.isEmpty {
        try visitor.visitPackedInt64Field(value: _storage._inputI, fieldNumber: 28)
      }
      if !_storage._outputI.isEmpty {
        try visitor.visitPackedInt64Field(value: _storage._outputI, fieldNumber: 29)
      }
      if !_storage._workspace.isEmpty {
        try visitor.visitPackedInt64Field(value: _storage._workspace, fieldNumber: 30)
      }
      if !_storage._workspaceBytes.isEmpty {
        try visitor.visitPackedInt64Field(value: _storage._workspaceBytes, fieldNumber: 31)
      }
      if !_storage._isInputConst.isEmpty {
        try visitor.visitPackedBoolField(value: _storage._isInputConst, fieldNumber: 32)
      }
      if !_storage._inputDesc.isEmpty {
        try visitor.visitRepeatedMessageField(value: _storage._inputDesc, fieldNumber: 33)
      }
      if !_storage._outputDesc.isEmpty {
        try visitor.visitRepeatedMessageField(value: _storage._outputDesc, fieldNumber: 34)
      }
      if !_storage._subgraphName.isEmpty {
        try visitor.visitRepeatedStringField(value: _storage._subgraphName, fieldNumber: 35)
      }
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Ge_Proto_OpDef, rhs: Ge_Proto_OpDef) -> Bool {
    if lhs._storage !== rhs._storage {
      let storagesAreEqual: Bool = withExtendedLifetime((lhs._storage, rhs._storage)) { (_args: (_StorageClass, _StorageClass)) in
        let _storage = _args.0
        let rhs_storage = _args.1
        if _storage._name != rhs_storage._name {return false}
        if _storage._type != rhs_storage._type {return false}
        if _storage._input != rhs_storage._input {return false}
        if _storage._attr != rhs_storage._attr {return false}
        if _storage._hasOutAttr_p != rhs_storage._hasOutAttr_p {return false}
        if _storage._id != rhs_storage._id {return false}
        if _storage._streamID != rhs_storage._streamID {return false}
        if _storage._inputName != rhs_storage._inputName {return false}
        if _storage._srcName != rhs_storage._srcName {return false}
        if _storage._srcIndex != rhs_storage._srcIndex {return false}
        if _storage._dstName != rhs_storage._dstName {return false}
        if _storage._dstIndex != rhs_storage._dstIndex {return false}
        if _storage._inputI != rhs_storage._inputI {return false}
        if _storage._outputI != rhs_storage._outputI {return false}
        if _storage._workspace != rhs_storage._workspace {return false}
        if _storage._workspaceBytes != rhs_storage._workspaceBytes {return false}
        if _storage._isInputConst != rhs_storage._isInputConst {return false}
        if _storage._inputDesc != rhs_storage._inputDesc {return false}
        if _storage._outputDesc != rhs_storage._outputDesc {return false}
        if _storage._subgraphName != rhs_storage._subgraphName {return false}
        return true
      }
      if !storagesAreEqual {return false}
    }
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Ge_Proto_GraphDef: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".GraphDef"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}name\0\u{2}\u{3}input\0\u{1}output\0\u{1}op\0\u{2}\u{5}attr\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeSingularStringField(value: &self.name) }()
      case 4: try { try decoder.decodeRepeatedStringField(value: &self.input) }()
      case 5: try { try decoder.decodeRepeatedStringField(value: &self.output) }()
      case 6: try { try decoder.decodeRepeatedMessageField(value: &self.op) }()
      case 11: try { try decoder.decodeMapField(fieldType: SwiftProtobuf._ProtobufMessageMap<SwiftProtobuf.ProtobufString,Ge_Proto_AttrDef>.self, value: &self.attr) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    if !self.name.isEmpty {
      try visitor.visitSingularStringField(value: self.name, fieldNumber: 1)
    }
    if !self.input.isEmpty {
      try visitor.visitRepeatedStringField(value: self.input, fieldNumber: 4)
    }
    if !self.output.isEmpty {
      try visitor.visitRepeatedStringField(value: self.output, fieldNumber: 5)
    }
    if !self.op.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.op, fieldNumber: 6)
    }
    if !self.attr.isEmpty {
      try visitor.visitMapField(fieldType: SwiftProtobuf._ProtobufMessageMap<SwiftProtobuf.ProtobufString,Ge_Proto_AttrDef>.self, value: self.attr, fieldNumber: 11)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Ge_Proto_GraphDef, rhs: Ge_Proto_GraphDef) -> Bool {
    if lhs.name != rhs.name {return false}
    if lhs.input != rhs.input {return false}
    if lhs.output != rhs.output {return false}
    if lhs.op != rhs.op {return false}
    if lhs.attr != rhs.attr {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}

nonisolated extension Ge_Proto_ModelDef: SwiftProtobuf.Message, SwiftProtobuf._MessageImplementationBase, SwiftProtobuf._ProtoNameProviding {
  public static let protoMessageName: String = _protobuf_package + ".ModelDef"
  public static let _protobuf_nameMap = SwiftProtobuf._NameMap(bytecode: "\0\u{1}name\0\u{1}version\0\u{3}custom_version\0\u{2}\u{4}graph\0\u{2}\u{4}attr\0")

  public mutating func decodeMessage<D: SwiftProtobuf.Decoder>(decoder: inout D) throws {
    while let fieldNumber = try decoder.nextFieldNumber() {
      switch fieldNumber {
      case 1: try { try decoder.decodeSingularStringField(value: &self.name) }()
      case 2: try { try decoder.decodeSingularUInt32Field(value: &self.version) }()
      case 3: try { try decoder.decodeSingularStringField(value: &self.customVersion) }()
      case 7: try { try decoder.decodeRepeatedMessageField(value: &self.graph) }()
      case 11: try { try decoder.decodeMapField(fieldType: SwiftProtobuf._ProtobufMessageMap<SwiftProtobuf.ProtobufString,Ge_Proto_AttrDef>.self, value: &self.attr) }()
      default: break
      }
    }
  }

  public func traverse<V: SwiftProtobuf.Visitor>(visitor: inout V) throws {
    if !self.name.isEmpty {
      try visitor.visitSingularStringField(value: self.name, fieldNumber: 1)
    }
    if self.version != 0 {
      try visitor.visitSingularUInt32Field(value: self.version, fieldNumber: 2)
    }
    if !self.customVersion.isEmpty {
      try visitor.visitSingularStringField(value: self.customVersion, fieldNumber: 3)
    }
    if !self.graph.isEmpty {
      try visitor.visitRepeatedMessageField(value: self.graph, fieldNumber: 7)
    }
    if !self.attr.isEmpty {
      try visitor.visitMapField(fieldType: SwiftProtobuf._ProtobufMessageMap<SwiftProtobuf.ProtobufString,Ge_Proto_AttrDef>.self, value: self.attr, fieldNumber: 11)
    }
    try unknownFields.traverse(visitor: &visitor)
  }

  public static func ==(lhs: Ge_Proto_ModelDef, rhs: Ge_Proto_ModelDef) -> Bool {
    if lhs.name != rhs.name {return false}
    if lhs.version != rhs.version {return false}
    if lhs.customVersion != rhs.customVersion {return false}
    if lhs.graph != rhs.graph {return false}
    if lhs.attr != rhs.attr {return false}
    if lhs.unknownFields != rhs.unknownFields {return false}
    return true
  }
}
