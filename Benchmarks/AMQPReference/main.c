/*
 * passerelle-amqp-reference
 *
 * Plain-C reference client for `passerelle bench amqp`: it does the same work
 * as the Swift AMQP layer's benchmark, directly on rabbitmq-c 0.11, so that the
 * Swift figures have something fair to be compared with.
 *
 *   1. connect, open channel 1, declare a durable queue (x-queue-type);
 *   2. publish N persistent messages with publisher confirms, keeping at most
 *      W unconfirmed in flight; record each message's confirm latency;
 *   3. consume them with basic.qos(prefetch) and one basic.ack per message;
 *   4. delete the queue, close channel and connection;
 *   5. print one JSON line on stdout (diagnostics go to stderr).
 *
 * Exit status: 0 on success (nacked / returned messages are reported, not
 * fatal), 1 on any failure, 2 on a bad command line.
 *
 * Build: gcc -O2 -Wall -Wextra -o amqpref main.c -lrabbitmq
 */

#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <amqp.h>
#include <amqp_framing.h>
#include <amqp_tcp_socket.h>

#define CHANNEL 1
#define CLEANUP_CHANNEL 2
#define FRAME_MAX 131072
#define CHANNEL_MAX AMQP_DEFAULT_MAX_CHANNELS

/* How long one blocking frame wait lasts while the confirm window is full. */
#define CONFIRM_WAIT_USEC 100000
/* How long one amqp_consume_message call may block. */
#define CONSUME_WAIT_USEC 500000
/* Give up when no confirm / delivery arrived for this long. */
#define STALL_LIMIT_NS (60ULL * 1000000000ULL)
/* Without a full window, poll the socket (two syscalls) every this many publishes;
 * frames already in rabbitmq-c's buffer are handled after every publish. */
#define OPPORTUNISTIC_POLL_EVERY 32
/* Timeout for synchronous RPCs (declare, qos, consume, delete, close...). */
#define RPC_TIMEOUT_SEC 30
#define CONNECT_TIMEOUT_SEC 10

/* ------------------------------------------------------------------------- */
/* Options                                                                   */
/* ------------------------------------------------------------------------- */

struct options {
    const char *host;
    int port;
    const char *user;
    const char *password;
    const char *vhost;
    uint64_t messages;
    size_t size;
    uint64_t window;
    const char *queue_type;
    const char *queue;
    long prefetch; /* -1: default (= window, capped at 65535) */
    int heartbeat;
};

/* ------------------------------------------------------------------------- */
/* Benchmark state                                                           */
/* ------------------------------------------------------------------------- */

struct bench {
    const struct options *opt;
    amqp_connection_state_t conn;
    amqp_bytes_t queue;

    /* Failure bookkeeping, used to clean up as much as the broker still allows. */
    int logged_in;     /* connection.open done */
    int conn_dead;     /* the connection cannot be used any more */
    int channel_dead;  /* channel 1 was closed by the broker */
    int declared;      /* we declared the queue; delete it on the way out */

    /* Publish phase. */
    uint64_t published;      /* messages sent; delivery tags 1..published */
    uint64_t settled;        /* acked + nacked */
    uint64_t lowest_open;    /* lowest delivery tag not settled yet */
    uint64_t nacked;
    uint64_t returned;
    uint64_t *publish_ns;    /* publish time, indexed by delivery tag - 1 */
    unsigned char *is_settled;
    double *latency_ms;      /* one entry per acked message */
    uint64_t latency_count;
    uint64_t last_settle_ns;
    uint64_t last_progress_ns;
};

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void diag(const char *fmt, ...)
{
    va_list ap;
    fputs("passerelle-amqp-reference: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* ------------------------------------------------------------------------- */
/* Error handling                                                            */
/* ------------------------------------------------------------------------- */

static void send_channel_close_ok(struct bench *b, amqp_channel_t channel)
{
    amqp_channel_close_ok_t ok = {0};
    int rc = amqp_send_method(b->conn, channel, AMQP_CHANNEL_CLOSE_OK_METHOD, &ok);
    if (rc != AMQP_STATUS_OK) {
        diag("sending channel.close-ok: %s", amqp_error_string2(rc));
        b->conn_dead = 1;
    }
}

static void send_connection_close_ok(struct bench *b)
{
    amqp_connection_close_ok_t ok = {0};
    /* Best effort: the broker closes the socket right after anyway. */
    (void)amqp_send_method(b->conn, 0, AMQP_CONNECTION_CLOSE_OK_METHOD, &ok);
}

/* A method frame the broker uses to close the channel or the connection. */
static void report_close(struct bench *b, amqp_channel_t channel, const amqp_method_t *m,
                         const char *context)
{
    if (m->id == AMQP_CONNECTION_CLOSE_METHOD) {
        const amqp_connection_close_t *c = m->decoded;
        diag("%s: broker closed the connection: %u %.*s (class %u, method %u)", context,
             (unsigned)c->reply_code, (int)c->reply_text.len, (const char *)c->reply_text.bytes,
             (unsigned)c->class_id, (unsigned)c->method_id);
        send_connection_close_ok(b);
        b->conn_dead = 1;
    } else {
        const amqp_channel_close_t *c = m->decoded;
        diag("%s: broker closed channel %u: %u %.*s (class %u, method %u)", context,
             (unsigned)channel, (unsigned)c->reply_code, (int)c->reply_text.len,
             (const char *)c->reply_text.bytes, (unsigned)c->class_id, (unsigned)c->method_id);
        send_channel_close_ok(b, channel);
        if (channel == CHANNEL) {
            b->channel_dead = 1;
        }
    }
}

/* Checks the reply of a synchronous call; prints it and returns -1 unless normal. */
static int check_reply(struct bench *b, amqp_rpc_reply_t r, amqp_channel_t channel,
                       const char *context)
{
    switch (r.reply_type) {
    case AMQP_RESPONSE_NORMAL:
        return 0;
    case AMQP_RESPONSE_NONE:
        diag("%s: missing RPC reply type", context);
        b->conn_dead = 1;
        return -1;
    case AMQP_RESPONSE_LIBRARY_EXCEPTION:
        diag("%s: %s", context, amqp_error_string2(r.library_error));
        /* Socket error, timeout, protocol violation: the connection's state is unknown. */
        b->conn_dead = 1;
        return -1;
    case AMQP_RESPONSE_SERVER_EXCEPTION:
        if (r.reply.id == AMQP_CONNECTION_CLOSE_METHOD || r.reply.id == AMQP_CHANNEL_CLOSE_METHOD) {
            report_close(b, channel, &r.reply, context);
        } else {
            diag("%s: unexpected server method 0x%08" PRIx32, context, (uint32_t)r.reply.id);
            b->conn_dead = 1;
        }
        return -1;
    }
    diag("%s: unknown RPC reply type %d", context, (int)r.reply_type);
    b->conn_dead = 1;
    return -1;
}

static int check_status(struct bench *b, int status, const char *context)
{
    if (status == AMQP_STATUS_OK) {
        return 0;
    }
    diag("%s: %s", context, amqp_error_string2(status));
    b->conn_dead = 1;
    return -1;
}

/* Tears down whatever is left after a failure: deletes the queue on a fresh
 * channel if the connection still works, then closes the connection. */
static void cleanup_after_failure(struct bench *b)
{
    if (b->conn == NULL) {
        return;
    }
    if (b->logged_in && !b->conn_dead) {
        if (b->declared) {
            amqp_channel_open(b->conn, CLEANUP_CHANNEL);
            if (check_reply(b, amqp_get_rpc_reply(b->conn), CLEANUP_CHANNEL,
                            "cleanup: channel.open") == 0) {
                amqp_queue_delete(b->conn, CLEANUP_CHANNEL, b->queue, 0, 0);
                if (check_reply(b, amqp_get_rpc_reply(b->conn), CLEANUP_CHANNEL,
                                "cleanup: queue.delete") == 0) {
                    diag("cleanup: deleted queue %.*s", (int)b->queue.len,
                         (const char *)b->queue.bytes);
                }
            }
        }
        if (!b->conn_dead) {
            (void)amqp_connection_close(b->conn, AMQP_REPLY_SUCCESS);
        }
    } else if (b->declared) {
        diag("cleanup: connection unusable; queue %.*s may be left on the broker",
             (int)b->queue.len, (const char *)b->queue.bytes);
    }
    amqp_destroy_connection(b->conn);
    b->conn = NULL;
}

/* ------------------------------------------------------------------------- */
/* Publish phase                                                             */
/* ------------------------------------------------------------------------- */

static void settle_one(struct bench *b, uint64_t tag, int acked, uint64_t now)
{
    if (b->is_settled[tag - 1]) {
        return;
    }
    b->is_settled[tag - 1] = 1;
    b->settled++;
    if (acked) {
        b->latency_ms[b->latency_count++] = (double)(now - b->publish_ns[tag - 1]) / 1e6;
    } else {
        b->nacked++;
    }
}

static int settle(struct bench *b, uint64_t tag, amqp_boolean_t multiple, int acked)
{
    uint64_t now = now_ns();

    if (multiple && tag == 0) {
        tag = b->published; /* "everything outstanding" */
    }
    if (tag == 0 || tag > b->published) {
        diag("broker %s delivery tag %" PRIu64 " but only %" PRIu64 " messages were published",
             acked ? "acked" : "nacked", tag, b->published);
        return -1;
    }
    if (multiple) {
        for (uint64_t t = b->lowest_open; t <= tag; t++) {
            settle_one(b, t, acked, now);
        }
    } else {
        settle_one(b, tag, acked, now);
    }
    while (b->lowest_open <= b->published && b->is_settled[b->lowest_open - 1]) {
        b->lowest_open++;
    }
    b->last_settle_ns = now;
    b->last_progress_ns = now;
    return 0;
}

static int handle_publish_frame(struct bench *b, const amqp_frame_t *f)
{
    if (f->frame_type != AMQP_FRAME_METHOD) {
        /* Headers and bodies only follow basic.return, which reads them itself. */
        diag("publish: ignoring unexpected frame type %u on channel %u",
             (unsigned)f->frame_type, (unsigned)f->channel);
        return 0;
    }

    switch (f->payload.method.id) {
    case AMQP_BASIC_ACK_METHOD: {
        const amqp_basic_ack_t *ack = f->payload.method.decoded;
        return settle(b, ack->delivery_tag, ack->multiple, 1);
    }
    case AMQP_BASIC_NACK_METHOD: {
        const amqp_basic_nack_t *nack = f->payload.method.decoded;
        if (b->nacked == 0) {
            diag("publish: broker nacked delivery tag %" PRIu64 "%s", nack->delivery_tag,
                 nack->multiple ? " (multiple)" : "");
        }
        return settle(b, nack->delivery_tag, nack->multiple, 0);
    }
    case AMQP_BASIC_RETURN_METHOD: {
        const amqp_basic_return_t *ret = f->payload.method.decoded;
        if (b->returned == 0) {
            diag("publish: broker returned a message: %u %.*s", (unsigned)ret->reply_code,
                 (int)ret->reply_text.len, (const char *)ret->reply_text.bytes);
        }
        /* The returned message's header and body follow; read and drop them. The
         * message's confirm (an ack) comes after, as for any other message. */
        amqp_message_t message;
        amqp_rpc_reply_t r = amqp_read_message(b->conn, f->channel, &message, 0);
        if (check_reply(b, r, f->channel, "publish: reading returned message") != 0) {
            return -1;
        }
        amqp_destroy_message(&message);
        b->returned++;
        return 0;
    }
    case AMQP_CHANNEL_CLOSE_METHOD:
    case AMQP_CONNECTION_CLOSE_METHOD:
        report_close(b, f->channel, &f->payload.method, "publish");
        return -1;
    case AMQP_CONNECTION_BLOCKED_METHOD:
        diag("publish: broker blocked the connection (resource alarm)");
        return 0;
    case AMQP_CONNECTION_UNBLOCKED_METHOD:
        diag("publish: broker unblocked the connection");
        return 0;
    default:
        diag("publish: ignoring unexpected method 0x%08" PRIx32 " on channel %u",
             (uint32_t)f->payload.method.id, (unsigned)f->channel);
        return 0;
    }
}

/* Reads and handles one frame. Returns 1 if one was handled, 0 on timeout, -1 on failure. */
static int pump_one(struct bench *b, const struct timeval *timeout)
{
    amqp_frame_t frame;
    int rc = amqp_simple_wait_frame_noblock(b->conn, &frame, timeout);
    if (rc == AMQP_STATUS_TIMEOUT) {
        return 0;
    }
    if (check_status(b, rc, "publish: waiting for confirms") != 0) {
        return -1;
    }
    return handle_publish_frame(b, &frame) == 0 ? 1 : -1;
}

/* Handles the frames rabbitmq-c has already read or decoded; no syscall unless a
 * partial frame sits in the buffer. */
static int drain_buffered(struct bench *b)
{
    static const struct timeval zero = {0, 0};
    while (amqp_frames_enqueued(b->conn) || amqp_data_in_buffer(b->conn)) {
        int r = pump_one(b, &zero);
        if (r < 0) {
            return -1;
        }
        if (r == 0) {
            break; /* only a partial frame was buffered */
        }
    }
    return 0;
}

/* Handles everything available right now, polling the socket once without blocking. */
static int drain_available(struct bench *b)
{
    static const struct timeval zero = {0, 0};
    int r;
    while ((r = pump_one(b, &zero)) > 0) {
    }
    return r < 0 ? -1 : 0;
}

/* Blocks until fewer than `limit` messages are unconfirmed. */
static int wait_in_flight_below(struct bench *b, uint64_t limit)
{
    static const struct timeval wait = {0, CONFIRM_WAIT_USEC};
    while (b->published - b->settled >= limit) {
        int r = pump_one(b, &wait);
        if (r < 0) {
            return -1;
        }
        if (r == 0 && now_ns() - b->last_progress_ns > STALL_LIMIT_NS) {
            diag("publish: no confirm for %llu s with %" PRIu64 " messages unconfirmed",
                 STALL_LIMIT_NS / 1000000000ULL, b->published - b->settled);
            return -1;
        }
    }
    amqp_maybe_release_buffers(b->conn);
    return 0;
}

static int publish_phase(struct bench *b, double *rate_out)
{
    const struct options *o = b->opt;
    const uint64_t n = o->messages;

    amqp_confirm_select(b->conn, CHANNEL);
    if (check_reply(b, amqp_get_rpc_reply(b->conn), CHANNEL, "confirm.select") != 0) {
        return -1;
    }

    b->publish_ns = malloc(n * sizeof *b->publish_ns);
    b->is_settled = calloc(n, 1);
    b->latency_ms = malloc(n * sizeof *b->latency_ms);
    unsigned char *body_bytes = malloc(o->size > 0 ? o->size : 1);
    if (b->publish_ns == NULL || b->is_settled == NULL || b->latency_ms == NULL ||
        body_bytes == NULL) {
        diag("out of memory for %" PRIu64 " messages", n);
        free(body_bytes);
        return -1;
    }
    for (size_t i = 0; i < o->size; i++) {
        body_bytes[i] = (unsigned char)('a' + i % 26);
    }
    amqp_bytes_t body = {o->size, body_bytes};
    b->lowest_open = 1;

    char message_id[32];
    amqp_basic_properties_t props;
    memset(&props, 0, sizeof props);
    props._flags = AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_DELIVERY_MODE_FLAG |
                   AMQP_BASIC_MESSAGE_ID_FLAG;
    props.content_type = amqp_cstring_bytes("application/octet-stream");
    props.delivery_mode = 2; /* persistent */

    const amqp_bytes_t exchange = amqp_empty_bytes; /* default exchange */
    uint64_t first_publish_ns = 0;
    int rc = -1;

    b->last_progress_ns = now_ns();
    for (uint64_t i = 0; i < n; i++) {
        if (b->published - b->settled >= o->window) {
            if (wait_in_flight_below(b, o->window) != 0) {
                goto out;
            }
        } else if (i % OPPORTUNISTIC_POLL_EVERY == 0 && i != 0) {
            if (drain_available(b) != 0) {
                goto out;
            }
            amqp_maybe_release_buffers(b->conn);
        }
        if (drain_buffered(b) != 0) {
            goto out;
        }

        int id_len = snprintf(message_id, sizeof message_id, "m-%" PRIu64, i);
        props.message_id.bytes = message_id;
        props.message_id.len = (size_t)id_len;

        uint64_t t = now_ns();
        if (i == 0) {
            first_publish_ns = t;
        }
        b->publish_ns[i] = t;
        int status = amqp_basic_publish(b->conn, CHANNEL, exchange, b->queue,
                                        /* mandatory */ 1, /* immediate */ 0, &props, body);
        if (check_status(b, status, "basic.publish") != 0) {
            goto out;
        }
        b->published++;
    }

    /* Wait for the tail of the confirms. */
    if (wait_in_flight_below(b, 1) != 0) {
        goto out;
    }

    double seconds = (double)(b->last_settle_ns - first_publish_ns) / 1e9;
    *rate_out = seconds > 0 ? (double)n / seconds : 0.0;
    rc = 0;
out:
    free(body_bytes);
    return rc;
}

/* ------------------------------------------------------------------------- */
/* Consume phase                                                             */
/* ------------------------------------------------------------------------- */

/* A frame other than basic.deliver arrived while consuming. */
static int handle_consume_frame(struct bench *b)
{
    amqp_frame_t f;
    int rc = amqp_simple_wait_frame(b->conn, &f); /* put back by amqp_consume_message */
    if (check_status(b, rc, "consume: reading frame") != 0) {
        return -1;
    }
    if (f.frame_type != AMQP_FRAME_METHOD) {
        diag("consume: ignoring unexpected frame type %u on channel %u",
             (unsigned)f.frame_type, (unsigned)f.channel);
        return 0;
    }
    switch (f.payload.method.id) {
    case AMQP_CHANNEL_CLOSE_METHOD:
    case AMQP_CONNECTION_CLOSE_METHOD:
        report_close(b, f.channel, &f.payload.method, "consume");
        return -1;
    case AMQP_BASIC_CANCEL_METHOD:
        diag("consume: broker cancelled the consumer");
        return -1;
    case AMQP_CONNECTION_BLOCKED_METHOD:
        diag("consume: broker blocked the connection (resource alarm)");
        return 0;
    case AMQP_CONNECTION_UNBLOCKED_METHOD:
        diag("consume: broker unblocked the connection");
        return 0;
    default:
        diag("consume: ignoring unexpected method 0x%08" PRIx32 " on channel %u",
             (uint32_t)f.payload.method.id, (unsigned)f.channel);
        return 0;
    }
}

static int consume_phase(struct bench *b, uint64_t expected, uint16_t prefetch, double *rate_out)
{
    static const struct timeval wait = {0, CONSUME_WAIT_USEC};
    const size_t size = b->opt->size;
    amqp_bytes_t consumer_tag = amqp_empty_bytes;
    uint64_t consumed = 0;
    uint64_t wrong_size = 0;
    int rc = -1;

    amqp_basic_qos(b->conn, CHANNEL, 0, prefetch, 0);
    if (check_reply(b, amqp_get_rpc_reply(b->conn), CHANNEL, "basic.qos") != 0) {
        return -1;
    }

    const uint64_t start_ns = now_ns();
    amqp_basic_consume_ok_t *ok = amqp_basic_consume(b->conn, CHANNEL, b->queue, amqp_empty_bytes,
                                                     /* no_local */ 0, /* no_ack */ 0,
                                                     /* exclusive */ 0, amqp_empty_table);
    if (check_reply(b, amqp_get_rpc_reply(b->conn), CHANNEL, "basic.consume") != 0) {
        return -1;
    }
    /* The reply lives in a pool that amqp_maybe_release_buffers recycles: copy it. */
    consumer_tag = amqp_bytes_malloc_dup(ok->consumer_tag);
    if (consumer_tag.bytes == NULL) {
        diag("out of memory");
        return -1;
    }

    uint64_t last_ack_ns = start_ns;
    uint64_t last_progress_ns = start_ns;
    while (consumed < expected) {
        amqp_envelope_t envelope;
        amqp_maybe_release_buffers(b->conn);
        amqp_rpc_reply_t r = amqp_consume_message(b->conn, &envelope, &wait, 0);

        if (r.reply_type == AMQP_RESPONSE_NORMAL) {
            if (envelope.message.body.len != size && wrong_size++ == 0) {
                diag("consume: message %" PRIu64 " has %zu bytes, expected %zu",
                     envelope.delivery_tag, envelope.message.body.len, size);
            }
            int status = amqp_basic_ack(b->conn, envelope.channel, envelope.delivery_tag, 0);
            amqp_destroy_envelope(&envelope);
            if (check_status(b, status, "basic.ack") != 0) {
                goto out;
            }
            consumed++;
            last_ack_ns = now_ns();
            last_progress_ns = last_ack_ns;
            continue;
        }

        if (r.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION &&
            r.library_error == AMQP_STATUS_TIMEOUT) {
            if (now_ns() - last_progress_ns > STALL_LIMIT_NS) {
                diag("consume: no delivery for %llu s after %" PRIu64 " of %" PRIu64
                     " messages",
                     STALL_LIMIT_NS / 1000000000ULL, consumed, expected);
                goto out;
            }
            continue;
        }
        if (r.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION &&
            r.library_error == AMQP_STATUS_UNEXPECTED_STATE) {
            if (handle_consume_frame(b) != 0) {
                goto out;
            }
            continue;
        }
        check_reply(b, r, CHANNEL, "consume");
        goto out;
    }

    double seconds = (double)(last_ack_ns - start_ns) / 1e9;
    *rate_out = seconds > 0 ? (double)consumed / seconds : 0.0;

    if (wrong_size > 0) {
        diag("consume: %" PRIu64 " messages had the wrong size", wrong_size);
        goto out;
    }

    /* Stop the consumer before the queue goes away. */
    amqp_basic_cancel(b->conn, CHANNEL, consumer_tag);
    if (check_reply(b, amqp_get_rpc_reply(b->conn), CHANNEL, "basic.cancel") != 0) {
        goto out;
    }
    rc = 0;
out:
    amqp_bytes_free(consumer_tag);
    return rc;
}

/* ------------------------------------------------------------------------- */
/* Statistics and output                                                     */
/* ------------------------------------------------------------------------- */

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Nearest-rank percentile of sorted values, percent in 1..100 (no libm needed). */
static double percentile(const double *sorted, uint64_t count, unsigned percent)
{
    uint64_t rank = (count * percent + 99) / 100; /* ceil(count * percent / 100) */
    if (rank < 1) {
        rank = 1;
    }
    return sorted[rank - 1];
}

static void print_number_or_null(const char *key, int present, double value, int decimals)
{
    if (present) {
        printf("\"%s\":%.*f", key, decimals, value);
    } else {
        printf("\"%s\":null", key);
    }
}

/* ------------------------------------------------------------------------- */
/* Command line                                                              */
/* ------------------------------------------------------------------------- */

static void usage(FILE *out)
{
    fprintf(out,
            "usage: passerelle-amqp-reference [options]\n"
            "  --host HOST            broker host (localhost)\n"
            "  --port PORT            broker port (5672)\n"
            "  --user USER            user name (guest)\n"
            "  --password PASSWORD    password ($PASSERELLE_REFERENCE_PASSWORD, else guest)\n"
            "  --vhost VHOST          virtual host (/)\n"
            "  --messages N           messages to publish and consume (10000)\n"
            "  --size BYTES           body size of each message (512)\n"
            "  --window W             maximum unconfirmed publishes in flight (1000)\n"
            "  --queue-type TYPE      classic or quorum (classic)\n"
            "  --queue NAME           queue name (passerelle.bench.ref.<pid>)\n"
            "  --prefetch P           consumer prefetch, 0 = unlimited (window, at most 65535)\n"
            "  --heartbeat S          heartbeat seconds, 0 = off (30)\n"
            "Prints one JSON line with the results on stdout.\n");
}

static _Noreturn void bad_option(const char *option, const char *value, const char *why)
{
    fprintf(stderr, "passerelle-amqp-reference: invalid value '%s' for --%s: %s\n", value,
            option, why);
    exit(2);
}

static uint64_t parse_uint(const char *option, const char *value, uint64_t min, uint64_t max)
{
    char *end = NULL;
    if (value[0] == '\0' || value[0] == '-' || value[0] == '+' || value[0] == ' ') {
        bad_option(option, value, "expected a non-negative integer");
    }
    errno = 0;
    unsigned long long v = strtoull(value, &end, 10);
    if (errno != 0 || *end != '\0') {
        bad_option(option, value, "expected a non-negative integer");
    }
    if (v < min || v > max) {
        char why[96];
        snprintf(why, sizeof why, "must be between %" PRIu64 " and %" PRIu64, min, max);
        bad_option(option, value, why);
    }
    return (uint64_t)v;
}

static const char *parse_nonempty(const char *option, const char *value, size_t max_len)
{
    if (value[0] == '\0') {
        bad_option(option, value, "must not be empty");
    }
    if (strlen(value) > max_len) {
        char why[64];
        snprintf(why, sizeof why, "longer than %zu bytes", max_len);
        bad_option(option, value, why);
    }
    return value;
}

static void parse_options(int argc, char **argv, struct options *o)
{
    enum {
        OPT_HOST = 1000, OPT_PORT, OPT_USER, OPT_PASSWORD, OPT_VHOST, OPT_MESSAGES, OPT_SIZE,
        OPT_WINDOW, OPT_QUEUE_TYPE, OPT_QUEUE, OPT_PREFETCH, OPT_HEARTBEAT, OPT_HELP
    };
    static const struct option longopts[] = {
        {"host", required_argument, NULL, OPT_HOST},
        {"port", required_argument, NULL, OPT_PORT},
        {"user", required_argument, NULL, OPT_USER},
        {"password", required_argument, NULL, OPT_PASSWORD},
        {"vhost", required_argument, NULL, OPT_VHOST},
        {"messages", required_argument, NULL, OPT_MESSAGES},
        {"size", required_argument, NULL, OPT_SIZE},
        {"window", required_argument, NULL, OPT_WINDOW},
        {"queue-type", required_argument, NULL, OPT_QUEUE_TYPE},
        {"queue", required_argument, NULL, OPT_QUEUE},
        {"prefetch", required_argument, NULL, OPT_PREFETCH},
        {"heartbeat", required_argument, NULL, OPT_HEARTBEAT},
        {"help", no_argument, NULL, OPT_HELP},
        {NULL, 0, NULL, 0},
    };

    o->host = "localhost";
    o->port = 5672;
    o->user = "guest";
    /* `passerelle bench amqp` passes the password in the environment so that it
     * never shows in `ps`; --password still wins. */
    const char *env_password = getenv("PASSERELLE_REFERENCE_PASSWORD");
    o->password = env_password != NULL ? env_password : "guest";
    o->vhost = "/";
    o->messages = 10000;
    o->size = 512;
    o->window = 1000;
    o->queue_type = "classic";
    o->queue = NULL;
    o->prefetch = -1;
    o->heartbeat = 30;

    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_HOST: o->host = parse_nonempty("host", optarg, 1024); break;
        case OPT_PORT: o->port = (int)parse_uint("port", optarg, 1, 65535); break;
        case OPT_USER: o->user = parse_nonempty("user", optarg, 255); break;
        case OPT_PASSWORD: o->password = optarg; break;
        case OPT_VHOST: o->vhost = parse_nonempty("vhost", optarg, 255); break;
        case OPT_MESSAGES: o->messages = parse_uint("messages", optarg, 1, 100000000); break;
        /* RabbitMQ 3.10's default max_message_size is 128 MiB. */
        case OPT_SIZE: o->size = (size_t)parse_uint("size", optarg, 0, 134217728); break;
        case OPT_WINDOW: o->window = parse_uint("window", optarg, 1, 100000000); break;
        case OPT_QUEUE_TYPE:
            if (strcmp(optarg, "classic") != 0 && strcmp(optarg, "quorum") != 0) {
                bad_option("queue-type", optarg, "expected classic or quorum");
            }
            o->queue_type = optarg;
            break;
        case OPT_QUEUE: o->queue = parse_nonempty("queue", optarg, 255); break;
        case OPT_PREFETCH: o->prefetch = (long)parse_uint("prefetch", optarg, 0, 65535); break;
        case OPT_HEARTBEAT: o->heartbeat = (int)parse_uint("heartbeat", optarg, 0, 65535); break;
        case OPT_HELP: usage(stdout); exit(0);
        case '?':
        default:
            if (optopt != 0) {
                const char *name = NULL;
                for (const struct option *lo = longopts; lo->name != NULL; lo++) {
                    if (lo->val == optopt) {
                        name = lo->name;
                    }
                }
                fprintf(stderr, "passerelle-amqp-reference: option --%s needs a value\n",
                        name != NULL ? name : "?");
            } else {
                fprintf(stderr, "passerelle-amqp-reference: unknown option '%s'\n",
                        argv[optind - 1]);
            }
            usage(stderr);
            exit(2);
        }
    }
    if (optind < argc) {
        fprintf(stderr, "passerelle-amqp-reference: unexpected argument '%s'\n", argv[optind]);
        usage(stderr);
        exit(2);
    }
}

/* ------------------------------------------------------------------------- */
/* Main                                                                      */
/* ------------------------------------------------------------------------- */

static int run(struct bench *b, char *default_queue, size_t default_queue_size)
{
    const struct options *o = b->opt;

    if (o->queue != NULL) {
        b->queue = amqp_cstring_bytes(o->queue);
    } else {
        snprintf(default_queue, default_queue_size, "passerelle.bench.ref.%ld", (long)getpid());
        b->queue = amqp_cstring_bytes(default_queue);
    }
    uint16_t prefetch = (uint16_t)(o->prefetch >= 0 ? o->prefetch
                                   : (o->window > 65535 ? 65535 : (long)o->window));
    if (o->prefetch < 0 && o->window > 65535) {
        diag("prefetch capped at 65535 (basic.qos prefetch-count is 16 bits)");
    }

    /* 1. Connect. */
    b->conn = amqp_new_connection();
    if (b->conn == NULL) {
        diag("amqp_new_connection failed");
        return -1;
    }
    amqp_socket_t *socket = amqp_tcp_socket_new(b->conn);
    if (socket == NULL) {
        diag("amqp_tcp_socket_new failed");
        return -1;
    }
    struct timeval connect_timeout = {CONNECT_TIMEOUT_SEC, 0};
    int status = amqp_socket_open_noblock(socket, o->host, o->port, &connect_timeout);
    if (status != AMQP_STATUS_OK) {
        diag("connecting to %s:%d: %s", o->host, o->port, amqp_error_string2(status));
        b->conn_dead = 1;
        return -1;
    }
    struct timeval rpc_timeout = {RPC_TIMEOUT_SEC, 0};
    if (check_status(b, amqp_set_rpc_timeout(b->conn, &rpc_timeout), "amqp_set_rpc_timeout") != 0) {
        return -1;
    }
    if (check_reply(b, amqp_login(b->conn, o->vhost, CHANNEL_MAX, FRAME_MAX, o->heartbeat,
                                  AMQP_SASL_METHOD_PLAIN, o->user, o->password),
                    0, "login") != 0) {
        return -1;
    }
    b->logged_in = 1;

    amqp_channel_open(b->conn, CHANNEL);
    if (check_reply(b, amqp_get_rpc_reply(b->conn), CHANNEL, "channel.open") != 0) {
        return -1;
    }

    amqp_table_entry_t queue_args_entries[1];
    queue_args_entries[0].key = amqp_cstring_bytes("x-queue-type");
    queue_args_entries[0].value.kind = AMQP_FIELD_KIND_UTF8; /* 'S', longstr */
    queue_args_entries[0].value.value.bytes = amqp_cstring_bytes(o->queue_type);
    amqp_table_t queue_args = {1, queue_args_entries};

    amqp_queue_declare_ok_t *declared =
        amqp_queue_declare(b->conn, CHANNEL, b->queue, /* passive */ 0, /* durable */ 1,
                           /* exclusive */ 0, /* auto_delete */ 0, queue_args);
    if (check_reply(b, amqp_get_rpc_reply(b->conn), CHANNEL, "queue.declare") != 0) {
        return -1;
    }
    b->declared = 1;
    if (declared->message_count > 0) {
        diag("warning: queue %.*s already holds %" PRIu32 " messages (not purged)",
             (int)b->queue.len, (const char *)b->queue.bytes, declared->message_count);
    }

    /* 2. Publish with confirms. */
    double publish_rate = 0.0;
    if (publish_phase(b, &publish_rate) != 0) {
        return -1;
    }
    if (b->nacked > 0 || b->returned > 0) {
        diag("publish: %" PRIu64 " nacked, %" PRIu64 " returned", b->nacked, b->returned);
    }

    /* 3. Consume. Returned messages were never enqueued; nacked ones normally not. */
    /* (RabbitMQ confirms a returned message with an ack, so the two never overlap.) */
    uint64_t expected = 0;
    if (b->returned + b->nacked < o->messages) {
        expected = o->messages - b->nacked - b->returned;
    }
    double consume_rate = 0.0;
    int have_consume_rate = 0;
    if (expected > 0) {
        if (consume_phase(b, expected, prefetch, &consume_rate) != 0) {
            return -1;
        }
        have_consume_rate = 1;
    }

    /* 4. Delete the queue and close. */
    amqp_queue_delete(b->conn, CHANNEL, b->queue, /* if_unused */ 0, /* if_empty */ 0);
    if (check_reply(b, amqp_get_rpc_reply(b->conn), CHANNEL, "queue.delete") != 0) {
        return -1;
    }
    b->declared = 0;
    if (check_reply(b, amqp_channel_close(b->conn, CHANNEL, AMQP_REPLY_SUCCESS), CHANNEL,
                    "channel.close") != 0) {
        return -1;
    }
    if (check_reply(b, amqp_connection_close(b->conn, AMQP_REPLY_SUCCESS), 0,
                    "connection.close") != 0) {
        return -1;
    }
    b->conn_dead = 1; /* closed cleanly; nothing left to clean up */
    status = amqp_destroy_connection(b->conn);
    b->conn = NULL;
    if (check_status(b, status, "amqp_destroy_connection") != 0) {
        return -1;
    }

    /* 5. Report. */
    double p50 = 0.0, p99 = 0.0;
    if (b->latency_count > 0) {
        qsort(b->latency_ms, b->latency_count, sizeof *b->latency_ms, compare_double);
        p50 = percentile(b->latency_ms, b->latency_count, 50);
        p99 = percentile(b->latency_ms, b->latency_count, 99);
    }
    printf("{\"publish_per_s\":%.1f,", publish_rate);
    print_number_or_null("consume_per_s", have_consume_rate, consume_rate, 1);
    putchar(',');
    print_number_or_null("confirm_p50_ms", b->latency_count > 0, p50, 3);
    putchar(',');
    print_number_or_null("confirm_p99_ms", b->latency_count > 0, p99, 3);
    printf(",\"messages\":%" PRIu64 ",\"nacked\":%" PRIu64 ",\"returned\":%" PRIu64
           ",\"queue_type\":\"%s\",\"size\":%zu,\"window\":%" PRIu64 "}\n",
           o->messages, b->nacked, b->returned, o->queue_type, o->size, o->window);
    if (fflush(stdout) != 0) {
        diag("writing the result: %s", strerror(errno));
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct options opt;
    parse_options(argc, argv, &opt);

    struct bench b;
    memset(&b, 0, sizeof b);
    b.opt = &opt;

    char default_queue[64];
    int rc = run(&b, default_queue, sizeof default_queue);
    if (rc != 0) {
        cleanup_after_failure(&b);
    }
    free(b.publish_ns);
    free(b.is_settled);
    free(b.latency_ms);
    return rc == 0 ? 0 : 1;
}
