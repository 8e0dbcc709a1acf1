#include "core/errorcatalog.h"

#include "core/error.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace oblik {

namespace {

struct CatalogEntry
{
    const char *code;
    const char *text;
};

// Texts say what is wrong in the user's words and, where there is one, what to do. The arguments
// each code takes are listed in the text itself (%1, %2); problem+json carries them as "args".
constexpr CatalogEntry kCatalog[] = {
    // API (docs/architecture.md)
    {"auth.invalid_credentials",
     QT_TRANSLATE_NOOP("oblik::Error", "The login or the password is incorrect.")},
    {"auth.locked",
     QT_TRANSLATE_NOOP("oblik::Error", "Too many failed sign-in attempts: signing in with this login is "
                                       "locked for a while. Try again later.")},
    {"auth.unauthorized", QT_TRANSLATE_NOOP("oblik::Error", "Your session has ended. Please sign in again.")},
    {"request.malformed_json",
     QT_TRANSLATE_NOOP("oblik::Error", "The request could not be read: it is not valid JSON.")},
    {"request.missing_field", QT_TRANSLATE_NOOP("oblik::Error", "The request lacks a required value.")},
    {"request.invalid_field", QT_TRANSLATE_NOOP("oblik::Error", "A value in the request is not valid.")},
    {"request.too_large", QT_TRANSLATE_NOOP("oblik::Error", "The request is too large.")},
    {"not_found", QT_TRANSLATE_NOOP("oblik::Error", "The item was not found, or you have no access to it.")},
    {"method_not_allowed",
     QT_TRANSLATE_NOOP("oblik::Error", "The server does not support this operation here.")},
    {"server.internal",
     QT_TRANSLATE_NOOP("oblik::Error", "The server met an internal error. Try again later; if it repeats, "
                                       "contact your supplier's support.")},

    // Database and server commands
    {"db.bad_url", QT_TRANSLATE_NOOP("oblik::Error", "The database address is not valid. Use sqlite:PATH or "
                                                     "postgresql://USER@HOST:PORT/NAME.")},
    {"db.open_failed", QT_TRANSLATE_NOOP("oblik::Error", "The database could not be opened.")},
    {"db.query_failed", QT_TRANSLATE_NOOP("oblik::Error", "A database operation failed.")},
    {"db.migration_failed",
     QT_TRANSLATE_NOOP("oblik::Error", "The database structure could not be updated.")},
    {"demo.not_empty",
     QT_TRANSLATE_NOOP("oblik::Error", "The database already holds data; demo data is only generated into an "
                                       "empty database.")},

    // Quantities
    {"money.invalid", QT_TRANSLATE_NOOP("oblik::Error", "“%1” is not an amount of money.")},
    {"money.too_many_decimals",
     QT_TRANSLATE_NOOP("oblik::Error", "An amount of money has at most %1 digits after the decimal "
                                       "point.")},
    {"money.overflow", QT_TRANSLATE_NOOP("oblik::Error", "The amount of money is too large.")},
    {"energy.invalid", QT_TRANSLATE_NOOP("oblik::Error", "“%1” is not a quantity of energy.")},
    {"energy.too_many_decimals",
     QT_TRANSLATE_NOOP("oblik::Error", "A quantity of energy has at most %1 digits after the decimal "
                                       "point.")},
    {"energy.overflow", QT_TRANSLATE_NOOP("oblik::Error", "The quantity of energy is too large.")},
    {"tariff.invalid", QT_TRANSLATE_NOOP("oblik::Error", "“%1” is not a tariff.")},
    {"tariff.too_many_decimals",
     QT_TRANSLATE_NOOP("oblik::Error", "A tariff has at most %1 digits after the decimal point.")},
    {"tariff.overflow", QT_TRANSLATE_NOOP("oblik::Error", "The tariff is too large.")},
    {"period.invalid",
     QT_TRANSLATE_NOOP("oblik::Error", "“%1” is not a period. Write the year and the month as YYYY-MM, for "
                                       "example 2026-10.")},

    // Documents (docs/documents.md)
    {"document.not_found", QT_TRANSLATE_NOOP("oblik::Error", "There is no such document.")},
    {"document.bad_range",
     QT_TRANSLATE_NOOP("oblik::Error", "The dates are wrong: the start must not be after the end, and the "
                                       "range may cover at most 5 years.")},
    {"document.render_failed",
     QT_TRANSLATE_NOOP("oblik::Error", "The document “%1” could not be made. Try again; if it happens again, "
                                       "tell the supplier's support.")},

    // Signatures on the server (docs/signatures.md, "API")
    {"document.not_issued",
     QT_TRANSLATE_NOOP("oblik::Error", "This document has not been issued yet. Open it once so that the "
                                       "supplier issues it, then sign it.")},
    {"signature.invalid",
     QT_TRANSLATE_NOOP("oblik::Error", "The signature was not accepted: checking it found a problem. The "
                                       "explanation says what is wrong and what to do.")},
    {"signature.not_an_update",
     QT_TRANSLATE_NOOP("oblik::Error", "The signed file is not the document the supplier issued with "
                                       "signatures added to it. Download the document again and sign that "
                                       "file.")},
    {"signature.missing",
     QT_TRANSLATE_NOOP("oblik::Error", "The file has no new signature. Sign the document, then send it.")},
    {"signature.no_cades",
     QT_TRANSLATE_NOOP("oblik::Error", "An ASiC-S container needs a separate (CAdES) signature of the "
                                       "current document, and there is none. Download the ZIP instead.")},
    {"readings.act_signed",
     QT_TRANSLATE_NOOP("oblik::Error", "The readings act of this period is signed: its readings can no "
                                       "longer be changed. Contact the supplier if a reading is wrong.")},

    // Tax ids
    {"tax_id.edrpou_format", QT_TRANSLATE_NOOP("oblik::Error", "An EDRPOU code has exactly 8 digits.")},
    {"tax_id.edrpou_checksum",
     QT_TRANSLATE_NOOP("oblik::Error", "The EDRPOU code's last digit (the check digit) does not match "
                                       "the others: the code is mistyped.")},
    {"tax_id.ipn_format",
     QT_TRANSLATE_NOOP("oblik::Error", "An individual tax number (IPN) has exactly 10 digits.")},
    {"tax_id.ipn_checksum",
     QT_TRANSLATE_NOOP("oblik::Error", "The tax number's last digit (the check digit) does not match the "
                                       "others: the number is mistyped.")},

    // Readings
    {"reading.not_a_number", QT_TRANSLATE_NOOP("oblik::Error", "The reading is not a number.")},
    {"reading.negative", QT_TRANSLATE_NOOP("oblik::Error", "A reading cannot be negative.")},
    {"reading.too_many_digits",
     QT_TRANSLATE_NOOP("oblik::Error", "The value has more digits before the decimal point than the "
                                       "meter shows (%1).")},
    {"reading.too_many_decimals",
     QT_TRANSLATE_NOOP("oblik::Error", "The value has more digits after the decimal point than the "
                                       "meter shows (%1).")},
    {"reading.less_than_previous",
     QT_TRANSLATE_NOOP("oblik::Error", "The reading is less than the previous one (%1), and the "
                                       "difference is too large for the meter to have rolled over "
                                       "past zero.")},
    {"reading.meter_faulty",
     QT_TRANSLATE_NOOP("oblik::Error", "The meter is marked as faulty; its readings are not accepted.")},
    {"reading.verification_expired",
     QT_TRANSLATE_NOOP("oblik::Error", "The meter's verification is overdue (it was due on %1); "
                                       "its readings are not accepted until it is verified.")},
    {"reading.verification_expires_soon",
     QT_TRANSLATE_NOOP("oblik::Error", "The meter's verification is due on %1; arrange it "
                                       "in time so that its readings stay accepted.")},
    {"reading.outside_window",
     QT_TRANSLATE_NOOP("oblik::Error", "Readings for this period are accepted from %1 to %2 only.")},
    {"reading.out_of_range",
     QT_TRANSLATE_NOOP("oblik::Error", "The consumption (%1 kWh) is far from the average of recent "
                                       "periods (%2 kWh). Check the reading.")},
    {"reading.sub_exceeds_parent",
     QT_TRANSLATE_NOOP("oblik::Error", "The sub-consumers together used more (%1 kWh) than the "
                                       "main metering point (%2 kWh).")},
    {"reading.meter_changed",
     QT_TRANSLATE_NOOP("oblik::Error",
                       "The meter's number, digit count, decimals or ratio has changed on the "
                       "server. Refresh the account before entering readings.")},

    {"reading.locked",
     QT_TRANSLATE_NOOP("oblik::Error", "This reading has been processed and can no longer be changed.")},
    {"reading.version_conflict",
     QT_TRANSLATE_NOOP("oblik::Error", "Someone changed this reading in the meantime. Check the current "
                                       "value and enter yours again if needed.")},
    {"period.closed",
     QT_TRANSLATE_NOOP("oblik::Error", "This period is closed: its readings can no longer be changed.")},
    {"request.idempotency_mismatch",
     QT_TRANSLATE_NOOP("oblik::Error", "The request repeats an earlier one's key with different content.")},

    // Calculation (shared/billing, docs/billing.md)
    {"calc.parameter_missing",
     QT_TRANSLATE_NOOP("oblik::Error", "The calculation needs the parameter “%1” (%2) for %3, and no value "
                                       "of it is in force then. Only the supplier can set it: contact your "
                                       "supplier and name this parameter.")},
    {"calc.parameter_overlap",
     QT_TRANSLATE_NOOP("oblik::Error", "The parameter “%1” (%2) would have two values in force in "
                                       "%3: a value's validity must not overlap another's.")},
    {"calc.invalid_coefficient",
     QT_TRANSLATE_NOOP("oblik::Error", "“%1” is not a valid coefficient: write a decimal such as 0.4 or a "
                                       "fraction such as 2/3.")},
    {"calc.self_not_allowed",
     QT_TRANSLATE_NOOP("oblik::Error", "Your contract does not allow calculating by yourself: the supplier "
                                       "calculates this account. Contact your supplier.")},
    {"calc.act_not_signed",
     QT_TRANSLATE_NOOP("oblik::Error", "The calculation for %1 needs the readings act signed first: sign "
                                       "and send the act with the latest readings.")},
    {"calc.negative_consumption",
     QT_TRANSLATE_NOOP("oblik::Error", "The payable consumption of metering point %1 is negative: its "
                                       "sub-consumers used %2 kWh, more than the point itself (%3 kWh). "
                                       "Check the readings; if they are right, contact your supplier.")},
    {"calc.out_of_range",
     QT_TRANSLATE_NOOP("oblik::Error", "The consumption of metering point %1 (%2 kWh) is far from the "
                                       "average of recent periods (%3 kWh). Check the readings; if they "
                                       "are right, contact your supplier.")},
    {"calc.readings_missing",
     QT_TRANSLATE_NOOP("oblik::Error", "Metering point %1 has no processed reading for %2 yet: the period "
                                       "can be calculated when all readings are in.")},
    {"calc.correction_mismatch",
     QT_TRANSLATE_NOOP("oblik::Error", "A correction compares two calculations of the same account and "
                                       "period.")},
    {"payment.amount_not_positive",
     QT_TRANSLATE_NOOP("oblik::Error", "A payment's amount must be greater than zero.")},
    {"payment.date_in_future",
     QT_TRANSLATE_NOOP("oblik::Error", "A payment cannot be dated after today: check the payment date.")},
    {"ledger.mismatch",
     QT_TRANSLATE_NOOP("oblik::Error", "The ledger does not agree with its balances: the postings and the "
                                       "stored statement differ.")},
    {"billrun.not_running",
     QT_TRANSLATE_NOOP("oblik::Error", "This bill run is not running, so there is nothing to cancel.")},
    {"billrun.already_running", QT_TRANSLATE_NOOP("oblik::Error", "This bill run is already running.")},
    {"billrun.done",
     QT_TRANSLATE_NOOP("oblik::Error", "This bill run has finished; start a new one to calculate again.")},

    // Network (client side)
    {"network.unreachable",
     QT_TRANSLATE_NOOP("oblik::Error", "The server cannot be reached. Check the network connection and "
                                       "the server address.")},
    {"network.timeout", QT_TRANSLATE_NOOP("oblik::Error", "The server did not answer in time. Try again.")},
    {"network.tls_untrusted",
     QT_TRANSLATE_NOOP("oblik::Error", "The server's certificate is not trusted, so the connection was "
                                       "closed to protect your data.")},
    {"network.bad_response",
     QT_TRANSLATE_NOOP("oblik::Error", "The server sent an answer the program cannot read.")},

    // Signatures (shared/crypto, docs/signatures.md)
    {"crypto.file_unreadable", QT_TRANSLATE_NOOP("oblik::Error", "The file %1 cannot be read.")},
    {"crypto.certificate_invalid",
     QT_TRANSLATE_NOOP("oblik::Error", "The file is not a certificate, or the certificate is damaged.")},
    {"crypto.crl_invalid",
     QT_TRANSLATE_NOOP("oblik::Error", "The file %1 is not a certificate revocation list (CRL), or it is "
                                       "damaged.")},
    {"crypto.p12_password",
     QT_TRANSLATE_NOOP("oblik::Error", "The password of the key file is incorrect. Check the keyboard layout "
                                       "and Caps Lock, and try again.")},
    {"crypto.p12_invalid",
     QT_TRANSLATE_NOOP("oblik::Error", "The file is not a key file (PKCS#12, .p12 or .pfx) with a private "
                                       "key and its certificate.")},
    {"crypto.key_unsupported",
     QT_TRANSLATE_NOOP("oblik::Error", "This key (%1) cannot sign here: Oblik signs with RSA keys of at "
                                       "least 2048 bits and ECDSA P-256 keys. Ask your certification "
                                       "authority for a suitable key.")},
    {"crypto.sign_failed", QT_TRANSLATE_NOOP("oblik::Error", "The document could not be signed (%1).")},
    {"crypto.module_load_failed",
     QT_TRANSLATE_NOOP("oblik::Error", "The token's library %1 could not be loaded (%2). Check the path to "
                                       "the PKCS#11 library in the settings and that the token's driver "
                                       "is installed.")},
    {"crypto.token_absent",
     QT_TRANSLATE_NOOP("oblik::Error", "The token is not connected. Insert the token or smart card and "
                                       "try again.")},
    {"crypto.key_not_found",
     QT_TRANSLATE_NOOP("oblik::Error", "The token has no private key for this certificate (%1).")},
    {"crypto.pin_incorrect",
     QT_TRANSLATE_NOOP("oblik::Error", "The PIN is incorrect. Check it and try again: after several wrong "
                                       "PINs the token locks.")},
    {"crypto.pin_locked",
     QT_TRANSLATE_NOOP("oblik::Error", "The token's PIN is locked after too many wrong attempts. Only the "
                                       "issuer of the token can unlock it: contact your certification "
                                       "authority.")},
    {"crypto.pin_invalid",
     QT_TRANSLATE_NOOP("oblik::Error", "The token does not accept a PIN of this length or with these "
                                       "characters.")},
    {"crypto.uri_invalid", QT_TRANSLATE_NOOP("oblik::Error", "The token address %1 is not valid: %2.")},
    {"crypto.cms_invalid",
     QT_TRANSLATE_NOOP("oblik::Error", "The signature file is not a CMS signature (.p7s), or it is "
                                       "damaged.")},
    {"crypto.cms_content_mismatch",
     QT_TRANSLATE_NOOP("oblik::Error", "The existing signature was made over another document: a second "
                                       "signature can only be added over the same document.")},

    // The client's own store of what the user typed (client/local)
    {"local.open_failed",
     QT_TRANSLATE_NOOP("oblik::Error", "The local data file %1 cannot be opened. Check that the disk is "
                                       "not full and the folder can be written to.")},
    {"local.write_failed",
     QT_TRANSLATE_NOOP("oblik::Error", "What you typed could not be saved on this computer. Check that "
                                       "the disk is not full; your input is kept on the screen.")},
};

const CatalogEntry *find(const QString &code)
{
    for (const CatalogEntry &e : kCatalog) {
        if (code == QLatin1StringView(e.code))
            return &e;
    }
    return nullptr;
}

QString substitute(const QString &text, const QStringList &args)
{
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] == u'%' && i + 1 < text.size() && text[i + 1] >= u'1' && text[i + 1] <= u'9') {
            const qsizetype index = text[i + 1].unicode() - u'1';
            out += index < args.size() ? args[index] : u"…"_s;
            ++i;
        } else {
            out += text[i];
        }
    }
    return out;
}

} // namespace

QStringList knownErrorCodes()
{
    QStringList codes;
    for (const CatalogEntry &e : kCatalog)
        codes.append(QString::fromLatin1(e.code));
    return codes;
}

bool isKnownErrorCode(const QString &code)
{
    return find(code) != nullptr;
}

QString errorMessage(const QString &code, const QStringList &args)
{
    if (const CatalogEntry *e = find(code))
        return substitute(QCoreApplication::translate(ErrorTranslationContext, e->text), args);
    return substitute(QCoreApplication::translate("oblik::Error", "An unexpected error occurred (%1)."),
                      {code});
}

QString Error::message() const
{
    if (isNull())
        return {};
    return errorMessage(m_code, m_args);
}

} // namespace oblik
