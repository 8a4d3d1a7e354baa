import Testing
@testable import KeyForge

@Suite("Multicall dispatch")
struct MulticallTests {
    static let table: [([String], Invocation)] = [
        (["keyforge"], .help),
        (["/usr/bin/keyforge", "--help"], .help),
        (["keyforge", "--list"], .list),
        (["keyforge", "--version"], .version),
        (["keyforge", "--install", "/opt/kf"], .install(directory: "/opt/kf")),
        (["keyforge", "--install"], .usageError("usage: keyforge --install DIR")),
        (["keyforge", "--list", "extra"], .usageError("--list takes no arguments")),
        (["keyforge", "analyze", "--all"], .run(.client, arguments: ["analyze", "--all"])),
        (["keyforge", "hive", "--help"], .run(.hive, arguments: ["--help"])),
        (["keyforge", "agent", "run"], .run(.agent, arguments: ["run"])),
        (["keyforge", "assetmgr"], .run(.assetmgr, arguments: [])),
        (["/usr/local/bin/hive", "--help"], .run(.hive, arguments: ["--help"])),
        (["assets"], .run(.assets, arguments: [])),
        (["./keyforge-agent", "run"], .run(.agent, arguments: ["run"])),
        (["keyforge-client", "analyze"], .run(.client, arguments: ["analyze"])),
        (["keyforge-nope"], .unknownRole("nope")),
        (["frobnicate", "x"], .unknownRole("frobnicate")),
        (["keyforge", "help", "analyze"], .run(.client, arguments: ["analyze", "--help"])),
    ]

    @Test("argv arrays resolve to their role and arguments", arguments: table)
    func resolve(argv: [String], expected: Invocation) {
        #expect(Invocation.resolve(argv) == expected)
    }

    @Test("an unknown role exits 127, a usage error 64")
    func exitCodes() {
        #expect(Multicall.run(["keyforge-nope"]) == 127)
        #expect(Multicall.run(["keyforge", "--install"]) == 64)
        #expect(Multicall.run(["keyforge", "analyze", "--no-such-flag"]) == 64)
        #expect(Multicall.run(["keyforge", "export"]) == 64, "export needs --format")
        #expect(Multicall.run(["keyforge", "hive", "--help"]) == 0)
        #expect(Multicall.run(["hive", "--help"]) == 0)
    }
}
