#ifndef PASSERELLE_CRABBITMQ_SHIM_H
#define PASSERELLE_CRABBITMQ_SHIM_H

/* rabbitmq-c 0.11 (Debian librabbitmq-dev). Headers use the pre-0.12 flat layout. */
#include <amqp.h>
#include <amqp_framing.h>
#include <amqp_tcp_socket.h>
#include <amqp_ssl_socket.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>
#include <poll.h>

/* amqp_login_with_properties takes its SASL arguments as C varargs, which Swift cannot pass.
   This fixed-arity wrapper covers the PLAIN mechanism Passerelle uses. */
static inline amqp_rpc_reply_t passerelle_login_plain(amqp_connection_state_t conn, const char *vhost,
                                                      int channel_max, int frame_max, int heartbeat,
                                                      const amqp_table_t *client_properties,
                                                      const char *user, const char *password) {
    return amqp_login_with_properties(conn, vhost, channel_max, frame_max, heartbeat, client_properties,
                                      AMQP_SASL_METHOD_PLAIN, user, password);
}

/* amqp_login_with_properties again, for the EXTERNAL mechanism (client certificate identity). */
static inline amqp_rpc_reply_t passerelle_login_external(amqp_connection_state_t conn, const char *vhost,
                                                         int channel_max, int frame_max, int heartbeat,
                                                         const amqp_table_t *client_properties,
                                                         const char *identity) {
    return amqp_login_with_properties(conn, vhost, channel_max, frame_max, heartbeat, client_properties,
                                      AMQP_SASL_METHOD_EXTERNAL, identity);
}

/* AMQP_BASIC_*_FLAG are macros built from a shift expression; Swift imports them, but a single
   helper keeps the boundary file readable and documents the constant in one place. */
static inline amqp_flags_t passerelle_basic_flag(int bit) { return (amqp_flags_t)(1u << bit); }

/* amqp_cstring_bytes is a plain function, but amqp_empty_bytes is a global struct the Swift
   importer treats as mutable shared state under strict concurrency; return a fresh value. */
static inline amqp_bytes_t passerelle_empty_bytes(void) {
    amqp_bytes_t b;
    b.len = 0;
    b.bytes = NULL;
    return b;
}

/* amqp_empty_table is a global as well (see passerelle_empty_bytes). */
static inline amqp_table_t passerelle_empty_table(void) {
    amqp_table_t t;
    t.num_entries = 0;
    t.entries = NULL;
    return t;
}

/* struct timeval is declared by several system modules; building it here gives Swift one unambiguous
   initializer for the timeouts rabbitmq-c takes. */
static inline struct timeval passerelle_timeval(long seconds, long microseconds) {
    struct timeval tv;
    tv.tv_sec = seconds;
    tv.tv_usec = microseconds;
    return tv;
}

/* Sets the expected DNS name on the OpenSSL context behind a rabbitmq-c SSL socket. rabbitmq-c 0.11
   checks the host name itself after the handshake; this adds OpenSSL's own check during the
   handshake (the workaround named in rabbitmq-c issue #719). X509_VERIFY_PARAM_set1_host is a
   function, but SSL_CTX_get0_param needs the opaque context cast, done here in C. */
static inline int passerelle_ssl_expect_host(amqp_socket_t *socket, const char *host) {
    SSL_CTX *ctx = (SSL_CTX *)amqp_ssl_socket_get_context(socket);
    if (ctx == NULL) {
        return 0;
    }
    X509_VERIFY_PARAM *param = SSL_CTX_get0_param(ctx);
    /* An IP literal is matched against IP SANs; anything else against DNS SANs. */
    if (X509_VERIFY_PARAM_set1_ip_asc(param, host) == 1) {
        return 1;
    }
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    return X509_VERIFY_PARAM_set1_host(param, host, 0);
}

#endif
