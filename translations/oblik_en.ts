<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en">
<context>
    <name>oblik-server</name>
    <message numerus="yes">
        <source>the ledger does not agree: %n problem(s)</source>
        <translation>
            <numerusform>the ledger does not agree: %n problem</numerusform>
            <numerusform>the ledger does not agree: %n problems</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %n page(s), SHA-256 %2 (%3).</source>
        <translation>
            <numerusform>%1: %n page, SHA-256 %2 (%3).</numerusform>
            <numerusform>%1: %n pages, SHA-256 %2 (%3).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>oblik::client::AccountOverview</name>
    <message numerus="yes">
        <source>%n meter(s)</source>
        <translation>
            <numerusform>%n meter</numerusform>
            <numerusform>%n meters</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n cannot take readings (faulty or verification expired)</source>
        <translation>
            <numerusform>%n cannot take readings (faulty or verification expired)</numerusform>
            <numerusform>%n cannot take readings (faulty or verification expired)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n with verification due within 30 days</source>
        <translation>
            <numerusform>%n with verification due within 30 days</numerusform>
            <numerusform>%n with verification due within 30 days</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>oblik::client::AccountPickerDialog</name>
    <message numerus="yes">
        <source>%1 of %n account(s) shown; type to search all</source>
        <translation>
            <numerusform>%1 of %n account shown; type to search all</numerusform>
            <numerusform>%1 of %n accounts shown; type to search all</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n account(s)</source>
        <translation>
            <numerusform>%n account</numerusform>
            <numerusform>%n accounts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>oblik::client::AccountTreeModel</name>
    <message numerus="yes">
        <source>The verification is due on %1 (in %n day(s)).</source>
        <translation>
            <numerusform>The verification is due on %1 (in %n day).</numerusform>
            <numerusform>The verification is due on %1 (in %n days).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>oblik::client::BillingController</name>
    <message numerus="yes">
        <source>Left to pay on %n invoice(s): &lt;b&gt;%1 UAH&lt;/b&gt;</source>
        <translation>
            <numerusform>Left to pay on %n invoice: &lt;b&gt;%1 UAH&lt;/b&gt;</numerusform>
            <numerusform>Left to pay on %n invoices: &lt;b&gt;%1 UAH&lt;/b&gt;</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n document(s)</source>
        <translation>
            <numerusform>%n document</numerusform>
            <numerusform>%n documents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancelled. %n document(s) signed before that.</source>
        <translation>
            <numerusform>Cancelled. %n document signed before that.</numerusform>
            <numerusform>Cancelled. %n documents signed before that.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n document(s) signed; the signatures are being sent to the supplier.</source>
        <translation>
            <numerusform>%n document signed; the signature is being sent to the supplier.</numerusform>
            <numerusform>%n documents signed; the signatures are being sent to the supplier.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>oblik::client::ClerkDecisionDialog</name>
    <message numerus="yes">
        <source>Override the range check: %n of the selected readings are outside the usual range. Tick “Override the range check” and give a reason, or leave them out of the selection.</source>
        <translation>
            <numerusform>Override the range check: %n of the selected readings is outside the usual range. Tick “Override the range check” and give a reason, or leave it out of the selection.</numerusform>
            <numerusform>Override the range check: %n of the selected readings are outside the usual range. Tick “Override the range check” and give a reason, or leave them out of the selection.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Accept %n selected reading(s) for calculation.</source>
        <translation>
            <numerusform>Accept %n selected reading for calculation.</numerusform>
            <numerusform>Accept %n selected readings for calculation.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reject %n selected reading(s). The consumer sees the reason at the next synchronization.</source>
        <translation>
            <numerusform>Reject %n selected reading. The consumer sees the reason at the next synchronization.</numerusform>
            <numerusform>Reject %n selected readings. The consumer sees the reason at the next synchronization.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n of them are outside the usual range (below half or above four times the average of the last 12 closed periods).</source>
        <translation>
            <numerusform>%n of them is outside the usual range (below half or above four times the average of the last 12 closed periods).</numerusform>
            <numerusform>%n of them are outside the usual range (below half or above four times the average of the last 12 closed periods).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>oblik::client::ClerkWorkspace</name>
    <message numerus="yes">
        <source>%n reading(s) decided.</source>
        <translation>
            <numerusform>%n reading decided.</numerusform>
            <numerusform>%n readings decided.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n reading(s) decided; </source>
        <translation>
            <numerusform>%n reading decided; </numerusform>
            <numerusform>%n readings decided; </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n refused: the Result column says why.</source>
        <translation>
            <numerusform>%n refused: the Result column says why.</numerusform>
            <numerusform>%n refused: the Result column says why.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>oblik::client::ContractListModel</name>
    <message numerus="yes">
        <source>%n working day(s)</source>
        <translation>
            <numerusform>%n working day</numerusform>
            <numerusform>%n working days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Readings are accepted from day %1 of the month for %n working day(s).</source>
        <translation>
            <numerusform>Readings are accepted from day %1 of the month for %n working day.</numerusform>
            <numerusform>Readings are accepted from day %1 of the month for %n working days.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>oblik::client::LoginDialog</name>
    <message numerus="yes">
        <source>You can try again in %n minute(s).</source>
        <translation>
            <numerusform>You can try again in %n minute.</numerusform>
            <numerusform>You can try again in %n minutes.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>oblik::client::MainWindow</name>
    <message numerus="yes">
        <source>%n command(s) waiting</source>
        <translation>
            <numerusform>%n command waiting</numerusform>
            <numerusform>%n commands waiting</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>oblik::client::MeterReplaceDialog</name>
    <message numerus="yes">
        <source>Meter %1 (%2, %n digit(s)), ratio %3: its closing readings and the new meter&apos;s opening readings are recorded in one period.</source>
        <translation>
            <numerusform>Meter %1 (%2, %n digit), ratio %3: its closing readings and the new meter&apos;s opening readings are recorded in one period.</numerusform>
            <numerusform>Meter %1 (%2, %n digits), ratio %3: its closing readings and the new meter&apos;s opening readings are recorded in one period.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>oblik::client::ReadingsView</name>
    <message numerus="yes">
        <source>%n reading(s) are saved on this computer but not sent to the supplier yet.</source>
        <translation>
            <numerusform>%n reading is saved on this computer but not sent to the supplier yet.</numerusform>
            <numerusform>%n readings are saved on this computer but not sent to the supplier yet.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n value(s) saved locally, not sent yet</source>
        <translation>
            <numerusform>%n value saved locally, not sent yet</numerusform>
            <numerusform>%n values saved locally, not sent yet</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The meter of %n metering point(s) was changed by the supplier. Your values are kept; reload the list of metering points to check them against the new meters.</source>
        <translation>
            <numerusform>The meter of %n metering point was changed by the supplier. Your values are kept; reload the list of metering points to check them against the new meter.</numerusform>
            <numerusform>The meter of %n metering points was changed by the supplier. Your values are kept; reload the list of metering points to check them against the new meters.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The server refused %n value(s): the marked cells say why. Correct them and send again; refused values are not sent by themselves.</source>
        <translation>
            <numerusform>The server refused %n value: the marked cell says why. Correct it and send it again; a refused value is not sent by itself.</numerusform>
            <numerusform>The server refused %n values: the marked cells say why. Correct them and send again; refused values are not sent by themselves.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>oblik::client::SignaturePanel</name>
    <message numerus="yes">
        <source>%n signatures, all valid.</source>
        <translation>
            <numerusform>%n signature, valid.</numerusform>
            <numerusform>%n signatures, all valid.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n signatures valid.</source>
        <translation>
            <numerusform>%1 of %n signature valid.</numerusform>
            <numerusform>%1 of %n signatures valid.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>an earlier revision (%n bytes); later changes add only signatures or are listed as problems</source>
        <translation>
            <numerusform>an earlier revision (%n byte); later changes add only signatures or are listed as problems</numerusform>
            <numerusform>an earlier revision (%n bytes); later changes add only signatures or are listed as problems</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>oblik::client::SyncStatusDialog</name>
    <message numerus="yes">
        <source>%n reading(s) for %1</source>
        <translation>
            <numerusform>%n reading for %1</numerusform>
            <numerusform>%n readings for %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n command(s) wait to be sent.</source>
        <translation>
            <numerusform>%n command waits to be sent.</numerusform>
            <numerusform>%n commands wait to be sent.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>oblik::http</name>
    <message numerus="yes">
        <source>Too many failed logins. Try again in %n second(s).</source>
        <translation>
            <numerusform>Too many failed logins. Try again in %n second.</numerusform>
            <numerusform>Too many failed logins. Try again in %n seconds.</numerusform>
        </translation>
    </message>
</context>
</TS>
