#ifndef PASSERELLE_COPENSSL_SHIM_H
#define PASSERELLE_COPENSSL_SHIM_H
/* OpenSSL's CMS API, for detached PKCS#7 / CMS signatures of ACTES acts (domain §3.5). One shim: the calls
   take and give BIO and stack pointers whose ownership rules are easier to keep in C, so Swift calls a single
   function with plain buffers and gets back a status and a message. */
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Outcomes of passerelle_verify_detached. */
enum {
    PASSERELLE_SIGNATURE_VALID = 0,
    PASSERELLE_SIGNATURE_UNREADABLE = 1,   /* not DER or PEM CMS / PKCS#7 */
    PASSERELLE_SIGNATURE_INVALID = 2,      /* does not match the content, or the chain does not verify */
    PASSERELLE_SIGNATURE_NO_TRUST = 3      /* the trust anchors file cannot be read */
};

/* Verifies `signature` (DER, or PEM) as a detached CMS/PKCS#7 signature of `content`, with the certificates of
   `anchors_pem` (a PEM file of trusted CAs) as trust anchors. Writes OpenSSL's reason to `message`. */
static inline int passerelle_verify_detached(
    const uint8_t *signature, size_t signature_length, const uint8_t *content, size_t content_length,
    const char *anchors_pem, char *message, size_t message_capacity)
{
    int outcome = PASSERELLE_SIGNATURE_INVALID;
    CMS_ContentInfo *cms = NULL;
    X509_STORE *store = NULL;
    BIO *signature_bio = BIO_new_mem_buf(signature, (int)signature_length);
    BIO *content_bio = BIO_new_mem_buf(content, (int)content_length);
    message[0] = 0;
    ERR_clear_error();
    cms = d2i_CMS_bio(signature_bio, NULL);
    if (cms == NULL) {
        BIO_free(signature_bio);
        signature_bio = BIO_new_mem_buf(signature, (int)signature_length);
        cms = PEM_read_bio_CMS(signature_bio, NULL, NULL, NULL);
    }
    if (cms == NULL) {
        outcome = PASSERELLE_SIGNATURE_UNREADABLE;
        goto done;
    }
    store = X509_STORE_new();
    if (store == NULL || X509_STORE_load_file(store, anchors_pem) != 1) {
        outcome = PASSERELLE_SIGNATURE_NO_TRUST;
        goto done;
    }
    if (CMS_verify(cms, NULL, store, content_bio, NULL, CMS_BINARY | CMS_DETACHED) == 1) {
        outcome = PASSERELLE_SIGNATURE_VALID;
    }
done:
    if (outcome != PASSERELLE_SIGNATURE_VALID) {
        unsigned long code = ERR_peek_last_error();
        if (code != 0) ERR_error_string_n(code, message, message_capacity);
    }
    ERR_clear_error();
    CMS_ContentInfo_free(cms);
    X509_STORE_free(store);
    BIO_free(signature_bio);
    BIO_free(content_bio);
    return outcome;
}
#endif
