import Glibc
import KeyForgeSystem

/// Stands in for QMK's headers so a `keymap.c` can be checked with `cc -fsyntax-only`: the keycode names a
/// keymap may use, the mod-tap / layer macros, the combo and `process_record_user` types, and the board's
/// LAYOUT macro taking exactly its key count.
///
/// The names come from QMK's documentation, not from KeyForge's exporter, so a keycode the exporter
/// misspells fails to compile: qmk/qmk_firmware docs/keycodes.md (commit 007ed0d54eed3aba2ddb891fc39b21294862d32f:
/// "Basic Keycodes", "Layer Switching", "Modifiers", "Mod-Tap Keys"), docs/keycodes_us_ansi_shifted.md (commit
/// 09e1d56068b673e68170baa51def59ab99bf470c) for the shifted aliases, docs/feature_repeat_key.md for QK_REP, QK_AREP
/// and `uint16_t get_alt_repeat_key_keycode_user(uint16_t keycode, uint8_t mods)`,
/// docs/feature_unicode.md for UC(c) and docs/feature_combo.md for COMBO / COMBO_END.
enum QMKFixtureHeader {
    static let letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ".map { "KC_\($0)" }
    static let digits = (0...9).map { "KC_\($0)" }
    /// Basic keycodes and their aliases, as docs/keycodes.md lists them.
    static let basic = [
        "KC_NO", "KC_TRANSPARENT", "KC_TRNS", "KC_ENTER", "KC_ENT", "KC_ESCAPE", "KC_ESC", "KC_BSPACE", "KC_BSPC", "KC_TAB",
        "KC_SPACE", "KC_SPC", "KC_MINUS", "KC_MINS", "KC_EQUAL", "KC_EQL", "KC_LBRACKET", "KC_LBRC", "KC_RBRACKET", "KC_RBRC",
        "KC_BSLASH", "KC_BSLS", "KC_SCOLON", "KC_SCLN", "KC_QUOTE", "KC_QUOT", "KC_GRAVE", "KC_GRV", "KC_COMMA", "KC_COMM",
        "KC_DOT", "KC_SLASH", "KC_SLSH", "KC_CAPSLOCK", "KC_CAPS", "KC_PSCREEN", "KC_PSCR", "KC_SCRL", "KC_PAUSE", "KC_PAUS",
        "KC_INSERT", "KC_INS", "KC_HOME", "KC_PGUP", "KC_DELETE", "KC_DEL", "KC_END", "KC_PGDOWN", "KC_PGDN", "KC_RIGHT",
        "KC_RGHT", "KC_LEFT", "KC_DOWN", "KC_UP", "KC_APPLICATION", "KC_APP", "KC_LCTRL", "KC_LCTL", "KC_LSHIFT", "KC_LSFT",
        "KC_LALT", "KC_LGUI", "KC_RCTRL", "KC_RCTL", "KC_RSHIFT", "KC_RSFT", "KC_RALT", "KC_RGUI", "KC_AUDIO_MUTE", "KC_MUTE",
        "KC_AUDIO_VOL_UP", "KC_VOLU", "KC_AUDIO_VOL_DOWN", "KC_VOLD",
    ] + (1...12).map { "KC_F\($0)" }
    /// US ANSI shifted symbols (docs/keycodes_us_ansi_shifted.md).
    static let shifted = [
        "KC_TILD", "KC_EXLM", "KC_AT", "KC_HASH", "KC_DLR", "KC_PERC", "KC_CIRC", "KC_AMPR", "KC_ASTR", "KC_LPRN", "KC_RPRN",
        "KC_UNDS", "KC_PLUS", "KC_LCBR", "KC_RCBR", "KC_PIPE", "KC_COLN", "KC_DQUO", "KC_DQT", "KC_LT", "KC_LABK", "KC_GT",
        "KC_RABK", "KC_QUES",
    ]
    /// Quantum keycodes a keymap may hold (QK_BOOT is RESET's newer name; QK_REP the Repeat Key).
    static let quantum = ["QK_BOOT", "QK_REP", "QK_AREP", "SAFE_RANGE"]
    /// Function-like macros: layer switching, modifiers and mod-tap.
    static let macros = [
        "MO(layer)", "TG(layer)", "TO(layer)", "TT(layer)", "DF(layer)", "OSL(layer)", "LT(layer, kc)", "LM(layer, mod)",
        "MT(mod, kc)", "LCTL_T(kc)", "LSFT_T(kc)", "LALT_T(kc)", "LGUI_T(kc)", "RCTL_T(kc)", "RSFT_T(kc)", "RALT_T(kc)",
        "RGUI_T(kc)", "LCTL(kc)", "LSFT(kc)", "LALT(kc)", "LGUI(kc)", "S(kc)", "C(kc)", "A(kc)", "G(kc)", "UC(c)",
    ]
    static let mods = ["MOD_LCTL", "MOD_LSFT", "MOD_LALT", "MOD_LGUI", "MOD_RCTL", "MOD_RSFT", "MOD_RALT", "MOD_RGUI"]

    /// The header text for a board whose LAYOUT macro `macro` takes `keyCount` keys.
    static func text(macro: String, keyCount: Int) -> String {
        let parameters = (0..<keyCount).map { "k\($0)" }.joined(separator: ", ")
        var lines = [
            "#include <stdint.h>",
            "#include <stdbool.h>",
            "#define PROGMEM",
            "#define MATRIX_ROWS 1",
            "#define MATRIX_COLS \(keyCount)",
            "#define \(macro)(\(parameters)) { { \(parameters) } }",
            "enum qmk_keycode { QMK_FIRST_KEYCODE = 0,",
        ]
        lines += (letters + digits + basic + shifted + quantum).map { "    \($0)," }
        lines += ["};", "enum qmk_mods { " + mods.map { "\($0)," }.joined(separator: " ") + " };",
                  "#define XXXXXXX KC_NO", "#define _______ KC_TRNS", "#define COMBO_END 0"]
        for macro in macros {
            let arguments = macro.drop { $0 != "(" }.dropFirst().dropLast().split(separator: ",").map { $0.trimmedOf(" ") }
            lines.append("#define \(macro) ((uint16_t)(0x4000 | \(arguments.map { "(\($0))" }.joined(separator: " | "))))")
        }
        lines += [
            "typedef struct { const uint16_t *keys; uint16_t keycode; } combo_t;",
            "#define COMBO(ck, ca) { .keys = &(ck)[0], .keycode = (ca) }",
            "typedef struct { struct { bool pressed; } event; } keyrecord_t;",
            "void send_string(const char *text);",
            "uint16_t get_alt_repeat_key_keycode_user(uint16_t keycode, uint8_t mods);",
            "#define SEND_STRING(text) send_string(text)",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Runs `cc -fsyntax-only -Wall -Werror` on `keymap` (the text of a keymap.c) with the header of the board;
    /// returns the exit status and the compiler's output.
    static func compile(_ keymap: String, macro: String, keyCount: Int, folder: String) throws -> (status: Int32, output: String) {
        try FileSystem.makeDirectories(folder)
        try FileSystem.writeFileAtomically("\(folder)/qmk_fixture.h", Array(text(macro: macro, keyCount: keyCount).utf8))
        try FileSystem.writeFileAtomically("\(folder)/keymap.c", Array(keymap.utf8))
        let command = "cc -fsyntax-only -Wall -Werror -Wno-unused-variable -DQMK_KEYBOARD_H='\"qmk_fixture.h\"' -I '\(folder)' '\(folder)/keymap.c' 2>&1"
        return shell(command)
    }

    /// Runs `command` with /bin/sh: its exit status (-1 when it could not start) and its standard output.
    static func shell(_ command: String) -> (status: Int32, output: String) {
        guard let pipe = popen(command, "r") else { return (-1, "popen failed") }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, pipe)
            if count <= 0 { break }
            output += buffer[0..<count]
        }
        let status = pclose(pipe)
        return ((status >> 8) & 0xFF, String(decoding: output, as: UTF8.self))
    }
}

extension Substring {
    func trimmedOf(_ set: String) -> String {
        var text = self[...]
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
