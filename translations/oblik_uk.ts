<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="uk_UA" sourcelanguage="en">
<context>
    <name>oblik::Error</name>
    <message>
        <source>The login or the password is incorrect.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many failed sign-in attempts: signing in with this login is locked for a while. Try again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your session has ended. Please sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request could not be read: it is not valid JSON.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request lacks a required value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A value in the request is not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request is too large.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The item was not found, or you have no access to it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server does not support this operation here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server met an internal error. Try again later; if it repeats, contact your supplier&apos;s support.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database address is not valid. Use sqlite:PATH or postgresql://USER@HOST:PORT/NAME.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database could not be opened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A database operation failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database structure could not be updated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database already holds data; demo data is only generated into an empty database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not an amount of money.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An amount of money has at most %1 digits after the decimal point.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The amount of money is too large.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not a quantity of energy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A quantity of energy has at most %1 digits after the decimal point.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The quantity of energy is too large.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not a tariff.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A tariff has at most %1 digits after the decimal point.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tariff is too large.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not a period. Write the year and the month as YYYY-MM, for example 2026-10.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An EDRPOU code has exactly 8 digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The EDRPOU code&apos;s last digit (the check digit) does not match the others: the code is mistyped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An individual tax number (IPN) has exactly 10 digits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tax number&apos;s last digit (the check digit) does not match the others: the number is mistyped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reading is not a number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A reading cannot be negative.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The value has more digits before the decimal point than the meter shows (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The value has more digits after the decimal point than the meter shows (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reading is less than the previous one (%1), and the difference is too large for the meter to have rolled over past zero.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The meter is marked as faulty; its readings are not accepted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The meter&apos;s verification is overdue (it was due on %1); its readings are not accepted until it is verified.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The meter&apos;s verification is due on %1; arrange it in time so that its readings stay accepted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Readings for this period are accepted from %1 to %2 only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The consumption (%1 kWh) is far from the average of recent periods (%2 kWh). Check the reading.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sub-consumers together used more (%1 kWh) than the main metering point (%2 kWh).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The meter&apos;s number, digit count or ratio has changed on the server. Refresh the account before entering readings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server cannot be reached. Check the network connection and the server address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server did not answer in time. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not trusted, so the connection was closed to protect your data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server sent an answer the program cannot read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An unexpected error occurred (%1).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>oblik::client::AccountListModel</name>
    <message>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consumer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contract</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>District office</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>oblik::client::AccountOverview</name>
    <message>
        <source>Personal account %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EDRPOU %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IPN %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tel. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n meter(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n cannot take readings (faulty or verification expired)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n with verification due within 30 days</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Tax id:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>District office:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supplier:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened on:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contracts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Objects, metering points and meters</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>oblik::client::AccountPickerDialog</name>
    <message>
        <source>Choose a personal account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your login has access to several personal accounts. Choose the one to open; you can switch later with File ▸ Switch account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by account number, consumer, address or contract</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading accounts…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n account(s) shown; type to search all</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n account(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>oblik::client::AccountTreeModel</name>
    <message>
        <source>Meter %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no readings yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A sub-consumer: its consumption is subtracted from this metering point&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The meter is faulty: its readings are not accepted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The verification was due on %1: readings are not accepted until the meter is verified.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The verification is due on %1 (in %n day(s)).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The meter has been removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transformation ratio: consumption = difference of readings × ratio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Digits before the decimal point on the meter&apos;s display</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taken on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A: active energy, R: reactive energy, G: generation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The metering point this one is a sub-consumer of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transformation ratio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consumption of the last period, kWh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Object / metering point / meter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voltage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sub-consumer of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meter number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decimals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ratio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zones</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verification due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last reading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consumption, kWh</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>oblik::client::ApiClient</name>
    <message>
        <source>A secure connection to the server could not be established.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server address must start with https://.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>oblik::client::AppController</name>
    <message>
        <source>Your session has ended. Sign in again to continue; nothing you see is lost.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>oblik::client::CertificatePanel</name>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from %1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate not trusted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server presented a certificate that this computer does not trust. If it is a self-signed certificate of your organisation&apos;s server, compare the fingerprint with the one your administrator gives you, and trust it only if they are the same.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SHA-256 fingerprint:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issued to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issued by:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Trust this certificate</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>oblik::client::ContractListModel</name>
    <message numerus="yes">
        <source>%n working day(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Readings are accepted from day %1 of the month for %n working day(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The readings act must be signed before the calculation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No signed readings act is needed before the calculation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The consumer may run the calculation itself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The district office runs the calculation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long the readings window stays open after the billing day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contract</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consumer class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Billing day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Readings window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed act required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Self-calculation</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>oblik::client::LoginDialog</name>
    <message>
        <source>Sign in to Oblik</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Login:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>You can try again in %n minute(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Enter the server&apos;s address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your login.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not a server address.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>oblik::client::MainWindow</name>
    <message>
        <source>%1 — Oblik</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Oblik</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Switch account…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log &amp;out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Oblik</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account could not be refreshed: %1 What you see was loaded earlier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the account…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server answers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server cannot be reached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server cannot be reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The account could not be loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No account is open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose one of the personal accounts of your login.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Choose account…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No personal accounts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your login has no personal accounts yet. Ask your district office to bind your account to your login.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Oblik</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Oblik %1&lt;/h3&gt;&lt;p&gt;The electricity consumer&apos;s cabinet: personal accounts, metering points, meters and readings.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>oblik::client::Options</name>
    <message>
        <source>Oblik: the electricity consumer&apos;s cabinet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server to sign in to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language of this session: uk, ru or en.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fills in the login.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opens this personal account after signing in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saves a picture of the window once the account is shown, then quits (signs in by itself when OBLIK_PASSWORD is set).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected argument: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown language “%1”: use uk, ru or en.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>oblik::client::format</name>
    <message>
        <source>%1 kV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A</source>
        <comment>active energy, one letter</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R</source>
        <comment>reactive energy, one letter</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>G</source>
        <comment>generation, one letter</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active energy (kWh)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reactive energy (kVArh)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generation (energy fed into the grid)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Faulty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verification expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verification due soon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Night</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Peak</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Half-peak</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Legal entity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Household</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consumer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>District office clerk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supplier administrator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
