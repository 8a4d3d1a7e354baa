import Glibc

/// Facts about this process and machine that come from the kernel or the C library.
public enum SystemInfo {
    /// The number of online cores, at least 1. The corresponding C function is `sysconf`.
    public static var onlineCoreCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// The size of a memory page in bytes. The corresponding C function is `sysconf`.
    public static var pageBytes: Int { Int(sysconf(Int32(_SC_PAGESIZE))) }

    /// This process's id. The corresponding C function is `getpid`.
    public static var processID: Int32 { getpid() }

    /// The real user id of this process. The corresponding C function is `getuid`.
    public static var userID: UInt32 { getuid() }
}
