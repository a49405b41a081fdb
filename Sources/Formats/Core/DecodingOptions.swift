/// Limits and switches for every reader. The defaults admit any real model we know of
/// (the largest public checkpoints hold ~10^5 tensors of < 64 GiB each) while keeping a
/// hostile file from making us allocate or loop without bound.
public struct DecodingOptions: Sendable, Equatable {
    /// Most tensors (or checkpoint records) in one file. Default 4,194,304.
    public var maxTensorCount: Int = 1 << 22
    /// Most dimensions of one tensor. Default 64 (MindSpore allows 8, ONNX has no limit).
    public var maxRank: Int = 64
    /// Largest byte count of one tensor. Default 1 TiB.
    public var maxTensorBytes: Int = 1 << 40
    /// Longest name or type string, in bytes. Default 1 MiB.
    public var maxStringBytes: Int = 1 << 20
    /// Deepest nesting of messages, tables or graphs. Default 64.
    public var maxDepth: Int = 64
    /// Verify a CKPT CRC trailer when present. Default true (MindSpore only checks when asked).
    public var verifyChecksums: Bool = true
    /// Raw key for encrypted files (AES: 16, 24 or 32 bytes; SM4: 16 bytes). No key derivation.
    public var key: [UInt8]? = nil
    /// Accept `tensor_type` strings MindSpore cannot load, keeping them as raw bytes. Default false.
    public var allowUnknownDTypes: Bool = false

    public init() {}

    public static let `default` = DecodingOptions()
}
