<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en">
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
