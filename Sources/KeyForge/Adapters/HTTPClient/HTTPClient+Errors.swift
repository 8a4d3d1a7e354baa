import CShims

extension HTTPClient {
    /// The error a finished transfer amounts to, or nil when it completed (whatever its status).
    /// The sink's own reason wins over libcurl's CURLE_WRITE_ERROR, which it caused.
    static func error(for outcome: CurlEasyHandle.Outcome, sink: CurlTransferSink, url: String) -> HTTPClientError? {
        switch sink.failure {
        case .tooLarge(let limit): return .tooLarge(url: url, limitBytes: limit)
        case .unwantedStatus:
            // The caller reports it from the status, so a 502/503/504 can still be retried.
            return nil
        case .io(let error): return .io(url: url, error)
        case nil: break
        }
        let message = outcome.message
        switch outcome.code {
        case CURLE_OK:
            return nil
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout(url: url, message: message)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT, CURLE_SEND_ERROR,
             CURLE_RECV_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE, CURLE_HTTP2, CURLE_HTTP2_STREAM:
            return .connection(url: url, message: message)
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS:
            return .tls(url: url, problem: .untrustedCertificate, message: message)
        case CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CRL_BADFILE:
            return .tls(url: url, problem: .unreadableCAFile, message: message)
        case CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_ENGINE_NOTFOUND,
             CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_USE_SSL_FAILED, CURLE_SSL_SHUTDOWN_FAILED:
            return .tls(url: url, problem: .handshake, message: message)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return .invalidURL(url: url, reason: message)
        case CURLE_FILESIZE_EXCEEDED:
            if case .memory(let limit) = sink.destination { return .tooLarge(url: url, limitBytes: limit) }
            return .transfer(url: url, message: message)
        default:
            return .transfer(url: url, message: message)
        }
    }
}
