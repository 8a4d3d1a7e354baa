// Thin helpers for the corpus segment codec (zstd). Adapters only: no policy here.
#ifndef KEYFORGE_KF_CODEC_H
#define KEYFORGE_KF_CODEC_H

#include <stddef.h>
#include <zstd.h>
#include <zstd_errors.h>

/// Whether a zstd result code means "the input ended early" (ZSTD_error_srcSize_wrong).
/// zstd.h does not expose ZSTD_getErrorCode; zstd_errors.h does, and the enum is not worth
/// importing into Swift for one comparison.
static inline int kf_zstd_error_is_truncation(size_t code) {
    return ZSTD_isError(code) && ZSTD_getErrorCode(code) == ZSTD_error_srcSize_wrong;
}

#endif
