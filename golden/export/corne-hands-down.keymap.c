// hands-down on corne, written by `keyforge export --format qmk`.
// QMK keyboard crkbd/rev1, LAYOUT_split_3x6_3 (42 keys); build with
// `qmk compile -kb crkbd/rev1 -km <this keymap's folder>`.
#include QMK_KEYBOARD_H

const uint16_t PROGMEM keymaps[][MATRIX_ROWS][MATRIX_COLS] = {
    [0] = LAYOUT_split_3x6_3(
        KC_TAB,  KC_W,    KC_F,    KC_M,    KC_P,    KC_V,    KC_SLSH, KC_DOT,  KC_Q,    KC_DQUO, KC_QUOT, KC_Z,
        KC_NO,   KC_R,    KC_S,    KC_N,    KC_T,    KC_B,    KC_COMM, KC_A,    KC_E,    KC_I,    KC_H,    KC_J,
        KC_LSFT, KC_X,    KC_C,    KC_L,    KC_D,    KC_G,    KC_MINS, KC_U,    KC_O,    KC_Y,    KC_K,    KC_ESC,
        KC_NO,   KC_BSPC, KC_SPC,  KC_ENT,  KC_NO,   KC_NO
    )
};
