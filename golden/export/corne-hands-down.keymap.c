// hands-down on corne, written by `keyforge export --format qmk`.
// QMK keyboard crkbd/rev1, LAYOUT_split_3x6_3 (42 keys); build with
// `qmk compile -kb crkbd/rev1 -km <this keymap's folder>`.
// Layer 0 is the layout; hold MO(1) / LT(1, ...) for numbers and symbols, MO(2) / LT(2, ...) for navigation.
// UC(...) keys type Unicode: set UNICODE_ENABLE = yes in rules.mk and the input mode of your OS.
#include QMK_KEYBOARD_H

const uint16_t PROGMEM keymaps[][MATRIX_ROWS][MATRIX_COLS] = {
    // 0: base
    [0] = LAYOUT_split_3x6_3(
        KC_TAB,         KC_W,           KC_F,           KC_M,           KC_P,           KC_V,           KC_SLSH,        KC_DOT,         KC_Q,           KC_DQUO,        KC_QUOT,        KC_Z,
        KC_LCTL,        KC_R,           KC_S,           KC_N,           KC_T,           KC_B,           KC_COMM,        KC_A,           KC_E,           KC_I,           KC_H,           KC_J,
        KC_LSFT,        KC_X,           KC_C,           KC_L,           KC_D,           KC_G,           KC_MINS,        KC_U,           KC_O,           KC_Y,           KC_K,           KC_ESC,
        KC_LGUI,        LT(1, KC_BSPC), KC_SPC,         KC_ENT,         MO(2),          KC_LALT
    ),
    // 1: symbols
    [1] = LAYOUT_split_3x6_3(
        KC_TRNS,    KC_EQL,     KC_LBRC,    KC_RBRC,    KC_BSLS,    KC_SCLN,    KC_GRV,     KC_1,       KC_2,       KC_3,       KC_4,       KC_TRNS,
        KC_TRNS,    KC_5,       KC_6,       KC_7,       KC_8,       KC_9,       KC_0,       UC(0x00A3), UC(0x00DF), UC(0x00E9), UC(0x00FC), KC_TRNS,
        KC_TRNS,    UC(0x2014), UC(0x2018), UC(0x2019), UC(0x201C), UC(0x201D), UC(0x2217), KC_EXLM,    KC_AT,      KC_HASH,    KC_DLR,     KC_TRNS,
        KC_TRNS,    KC_TRNS,    KC_TRNS,    KC_TRNS,    KC_TRNS,    KC_TRNS
    ),
    // 2: navigation
    [2] = LAYOUT_split_3x6_3(
        KC_TRNS, KC_ESC,  KC_PERC, KC_CIRC, KC_AMPR, KC_ASTR, KC_PGUP, KC_HOME, KC_UP,   KC_END,  KC_BSPC, KC_TRNS,
        KC_TRNS, KC_LGUI, KC_LALT, KC_LCTL, KC_LSFT, KC_LPRN, KC_PGDN, KC_LEFT, KC_DOWN, KC_RGHT, KC_ENT,  KC_TRNS,
        KC_TRNS, KC_TAB,  KC_RPRN, KC_UNDS, KC_PLUS, KC_LCBR, KC_SPC,  KC_DEL,  KC_RCBR, KC_PIPE, KC_COLN, KC_TRNS,
        KC_TRNS, KC_TRNS, KC_TRNS, KC_TRNS, KC_TRNS, KC_TRNS
    )
};
