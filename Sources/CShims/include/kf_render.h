// SVG to PNG through librsvg and cairo, both opened with dlopen at run time, so the binary does not
// link them and a rootfs without them still runs every other verb.
#ifndef KEYFORGE_KF_RENDER_H
#define KEYFORGE_KF_RENDER_H

#include <stddef.h>
#include <stdint.h>

/// What kf_svg_to_png returns.
enum kf_render_status {
    KF_RENDER_OK = 0,
    /// librsvg-2.so.2 (or $KEYFORGE_LIBRSVG) or libcairo.so.2 could not be opened, or lacks a function; `error` says which.
    KF_RENDER_LIBRARY_MISSING = 1,
    /// librsvg refused the SVG; `error` holds its message.
    KF_RENDER_BAD_SVG = 2,
    /// cairo failed (surface, drawing or PNG encoding); `error` says where.
    KF_RENDER_FAILED = 3,
};

/// Renders `svg` (`svg_length` bytes) onto a `width` x `height` pixel ARGB surface (transparent where the SVG draws nothing) and encodes
/// it as PNG into a malloc'd buffer (`*png`, `*png_length`; the caller frees it with kf_render_free).
/// On failure, `error` (`error_capacity` bytes) receives a NUL-terminated message.
/// The corresponding C functions are `rsvg_handle_new_from_data`, `rsvg_handle_render_document` and
/// `cairo_surface_write_to_png_stream`.
int kf_svg_to_png(const uint8_t *svg, size_t svg_length, int width, int height,
                  uint8_t **png, size_t *png_length, char *error, size_t error_capacity);

/// Frees a buffer kf_svg_to_png returned.
void kf_render_free(void *buffer);

#endif
