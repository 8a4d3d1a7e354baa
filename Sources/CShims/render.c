// librsvg and cairo through dlopen: the symbols are declared here with opaque pointers, so no header
// of either library is needed at build time and the binary carries no DT_NEEDED entry for them.
#include "kf_render.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Mirrors of the few public types used (librsvg 2.46+, cairo 1.x); their layouts are part of each ABI.
typedef struct { uint32_t domain; int code; char *message; } kf_gerror;
typedef struct { double x, y, width, height; } kf_rsvg_rectangle;
typedef int (*kf_cairo_write_func)(void *closure, const unsigned char *data, unsigned int length);

enum { KF_CAIRO_FORMAT_ARGB32 = 0, KF_CAIRO_STATUS_SUCCESS = 0, KF_CAIRO_STATUS_WRITE_ERROR = 11 };

static struct {
    int loaded;           // 1 once every symbol was found, -1 after a failure
    char failure[256];
    void *(*rsvg_handle_new_from_data)(const uint8_t *, size_t, kf_gerror **);
    int (*rsvg_handle_render_document)(void *, void *, const kf_rsvg_rectangle *, kf_gerror **);
    void (*g_object_unref)(void *);
    void (*g_error_free)(kf_gerror *);
    void *(*cairo_image_surface_create)(int, int, int);
    int (*cairo_surface_status)(void *);
    void *(*cairo_create)(void *);
    int (*cairo_status)(void *);
    void (*cairo_destroy)(void *);
    void (*cairo_surface_destroy)(void *);
    void (*cairo_surface_flush)(void *);
    int (*cairo_surface_write_to_png_stream)(void *, kf_cairo_write_func, void *);
} kf_render_api;

static pthread_once_t kf_render_once = PTHREAD_ONCE_INIT;

static void *kf_render_symbol(void *library, const char *library_name, const char *name) {
    void *symbol = dlsym(library, name);
    if (symbol == NULL && kf_render_api.loaded == 0) {
        snprintf(kf_render_api.failure, sizeof kf_render_api.failure, "%s has no %s", library_name, name);
        kf_render_api.loaded = -1;
    }
    return symbol;
}

static void kf_render_load(void) {
    // KEYFORGE_LIBRSVG names another file (an unusual install, or a test of the missing-library path).
    const char *rsvg_name = getenv("KEYFORGE_LIBRSVG");
    if (rsvg_name == NULL || rsvg_name[0] == 0) rsvg_name = "librsvg-2.so.2";
    void *rsvg = dlopen(rsvg_name, RTLD_NOW | RTLD_LOCAL);
    if (rsvg == NULL) {
        snprintf(kf_render_api.failure, sizeof kf_render_api.failure, "cannot open %s (%s)", rsvg_name, dlerror());
        kf_render_api.loaded = -1;
        return;
    }
    void *cairo = dlopen("libcairo.so.2", RTLD_NOW | RTLD_LOCAL);
    if (cairo == NULL) {
        snprintf(kf_render_api.failure, sizeof kf_render_api.failure, "cannot open libcairo.so.2 (%s)", dlerror());
        kf_render_api.loaded = -1;
        return;
    }
    // dlsym on a handle searches the library's dependencies too: GLib and GObject come with librsvg.
    *(void **)&kf_render_api.rsvg_handle_new_from_data = kf_render_symbol(rsvg, "librsvg-2.so.2", "rsvg_handle_new_from_data");
    *(void **)&kf_render_api.rsvg_handle_render_document = kf_render_symbol(rsvg, "librsvg-2.so.2", "rsvg_handle_render_document");
    *(void **)&kf_render_api.g_object_unref = kf_render_symbol(rsvg, "librsvg-2.so.2", "g_object_unref");
    *(void **)&kf_render_api.g_error_free = kf_render_symbol(rsvg, "librsvg-2.so.2", "g_error_free");
    *(void **)&kf_render_api.cairo_image_surface_create = kf_render_symbol(cairo, "libcairo.so.2", "cairo_image_surface_create");
    *(void **)&kf_render_api.cairo_surface_status = kf_render_symbol(cairo, "libcairo.so.2", "cairo_surface_status");
    *(void **)&kf_render_api.cairo_create = kf_render_symbol(cairo, "libcairo.so.2", "cairo_create");
    *(void **)&kf_render_api.cairo_status = kf_render_symbol(cairo, "libcairo.so.2", "cairo_status");
    *(void **)&kf_render_api.cairo_destroy = kf_render_symbol(cairo, "libcairo.so.2", "cairo_destroy");
    *(void **)&kf_render_api.cairo_surface_destroy = kf_render_symbol(cairo, "libcairo.so.2", "cairo_surface_destroy");
    *(void **)&kf_render_api.cairo_surface_flush = kf_render_symbol(cairo, "libcairo.so.2", "cairo_surface_flush");
    *(void **)&kf_render_api.cairo_surface_write_to_png_stream = kf_render_symbol(cairo, "libcairo.so.2", "cairo_surface_write_to_png_stream");
    if (kf_render_api.loaded == 0) kf_render_api.loaded = 1;
}

typedef struct { uint8_t *bytes; size_t length, capacity; } kf_png_buffer;

static int kf_png_append(void *closure, const unsigned char *data, unsigned int length) {
    kf_png_buffer *buffer = closure;
    if (buffer->length + length > buffer->capacity) {
        size_t capacity = buffer->capacity ? buffer->capacity : 65536;
        while (capacity < buffer->length + length) capacity *= 2;
        uint8_t *grown = realloc(buffer->bytes, capacity);
        if (grown == NULL) return KF_CAIRO_STATUS_WRITE_ERROR;
        buffer->bytes = grown;
        buffer->capacity = capacity;
    }
    memcpy(buffer->bytes + buffer->length, data, length);
    buffer->length += length;
    return KF_CAIRO_STATUS_SUCCESS;
}

int kf_svg_to_png(const uint8_t *svg, size_t svg_length, int width, int height,
                  uint8_t **png, size_t *png_length, char *error, size_t error_capacity) {
    *png = NULL;
    *png_length = 0;
    pthread_once(&kf_render_once, kf_render_load);
    if (kf_render_api.loaded != 1) {
        snprintf(error, error_capacity, "%s", kf_render_api.failure);
        return KF_RENDER_LIBRARY_MISSING;
    }
    kf_gerror *gerror = NULL;
    void *handle = kf_render_api.rsvg_handle_new_from_data(svg, svg_length, &gerror);
    if (handle == NULL) {
        snprintf(error, error_capacity, "librsvg: %s", gerror && gerror->message ? gerror->message : "cannot read the SVG");
        if (gerror) kf_render_api.g_error_free(gerror);
        return KF_RENDER_BAD_SVG;
    }
    int status = KF_RENDER_OK;
    void *surface = kf_render_api.cairo_image_surface_create(KF_CAIRO_FORMAT_ARGB32, width, height);
    void *cr = NULL;
    if (kf_render_api.cairo_surface_status(surface) != KF_CAIRO_STATUS_SUCCESS) {
        snprintf(error, error_capacity, "cairo: cannot create a %d x %d surface", width, height);
        status = KF_RENDER_FAILED;
    } else {
        cr = kf_render_api.cairo_create(surface);
        kf_rsvg_rectangle viewport = {0, 0, (double)width, (double)height};
        if (!kf_render_api.rsvg_handle_render_document(handle, cr, &viewport, &gerror)) {
            snprintf(error, error_capacity, "librsvg: %s", gerror && gerror->message ? gerror->message : "rendering failed");
            if (gerror) kf_render_api.g_error_free(gerror);
            status = KF_RENDER_BAD_SVG;
        } else if (kf_render_api.cairo_status(cr) != KF_CAIRO_STATUS_SUCCESS) {
            snprintf(error, error_capacity, "cairo: drawing failed");
            status = KF_RENDER_FAILED;
        }
    }
    if (status == KF_RENDER_OK) {
        kf_png_buffer buffer = {NULL, 0, 0};
        kf_render_api.cairo_surface_flush(surface);
        if (kf_render_api.cairo_surface_write_to_png_stream(surface, kf_png_append, &buffer) != KF_CAIRO_STATUS_SUCCESS) {
            snprintf(error, error_capacity, "cairo: PNG encoding failed");
            free(buffer.bytes);
            status = KF_RENDER_FAILED;
        } else {
            *png = buffer.bytes;
            *png_length = buffer.length;
        }
    }
    if (cr) kf_render_api.cairo_destroy(cr);
    kf_render_api.cairo_surface_destroy(surface);
    kf_render_api.g_object_unref(handle);
    return status;
}

void kf_render_free(void *buffer) { free(buffer); }
