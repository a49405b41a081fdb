// How much work the cuda backend put on the device from the calling thread: kernel launches and
// cuBLAS products. A run whose every node fell back to the reference kernels leaves it unchanged,
// so `mshub verify node-tests --backend cuda` can say how many cases really ran on the GPU rather
// than only passing. Counted per thread, since node tests run several cases at a time and each
// case runs on one thread; counted in `CUDASession`, so the host emulation the tests use counts too.

#if canImport(Glibc)
    import Glibc
#endif

public enum CUDAWorkCounter {
    /// The thread's count lives in a pthread key's value (an integer stored as a pointer).
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// Launches and products issued from this thread since it started.
    public static var onThisThread: Int {
        Int(bitPattern: pthread_getspecific(key))
    }

    static func add(_ count: Int = 1) {
        _ = pthread_setspecific(key, UnsafeRawPointer(bitPattern: onThisThread &+ count))
    }
}
