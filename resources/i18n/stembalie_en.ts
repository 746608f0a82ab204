<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="nl">
<context>
    <name>AcclaimDialog</name>
    <message>
        <source>Acclamatie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vastleggen (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Er worden geen stemmen per gemeente vastgelegd; de aanwezigheid nu wordt bewaard voor de notulen. Wat zegt de voorzitter?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vul in wat de voorzitter zegt.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ActionDialog</name>
    <message>
        <source>Annuleren (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeclareDialog</name>
    <message>
        <source>Uitslag vaststellen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vaststellen (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Berekend: {text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Aangenomen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Verworpen / niet aangenomen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gekozen: {option}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Geen keuze gemaakt (geen meerderheid)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dit wijkt af van de berekende uitslag: leg de verklaring van de voorzitter vast.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verklaring van de voorzitter:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vul de verklaring van de voorzitter in: de vastgestelde uitslag wijkt af van de berekende.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DesignationDialog</name>
    <message>
        <source>Aanwijzing: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(nog niet bekend)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gemeente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stemmen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Naam vertegenwoordiger</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Functie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E-mail gemeentesecretaris</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeskView</name>
    <message>
        <source>Geen camera.
Scan met de handscanner of zoek op met F2.</source>
        <extracomment>A verdict or outcome is on screen: a VerdictKind value, or &apos;issued&apos;, &apos;role_refused&apos;, &apos;print_failed&apos;, &apos;undone&apos;, &apos;error&apos;, &apos;idle&apos;. (serial, printed ok) Somebody came in, left, came back or was undone: counters and lists elsewhere are stale. The clerk chose another printer: (printer name, pass size, PDF folder or &quot;&quot;), to be saved.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opzoeken (F2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presentielijst (F4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Printer… (Ctrl+P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Laatste registraties</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wie toont de kaart?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Naam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>andere functie…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kies functie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>welke functie?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stempas uitgeven (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Herdrukken (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pas kwijt: nieuwe pas (F6)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vervanger (F7)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Toch toelaten (F8)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vertrekt — pas inleveren (F9)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Komt terug (F10)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ongedaan maken (Ctrl+Z)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volgende kaart (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Afdrukken (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annuleren (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vervanger toelaten (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Toch toelaten… (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KLAAR VOOR DE VOLGENDE KAART</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Houd de stemkaart voor de camera of scan hem met de handscanner. Scant hij niet? Druk F2 om op naam of code op te zoeken.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stemmen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aangewezen: {name}{role}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Geen vertegenwoordiger aangewezen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stempas {serial}: {name}, {role}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deze stempas is nog niet afgedrukt: druk F5 om hem af te drukken.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AANWEZIG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VERTROKKEN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>INGELEVERD — ONGELDIG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VERVANGEN — ONGELDIG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ONGEDAAN — ONGELDIG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STEMPAS {serial} · {state}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handmatig opgezocht: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Controleer wie de kaart toont, kies de functie en druk Enter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Geregistreerd om {time} aan {desk}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{holder}. Herdruk, vervang een verloren pas, of laat een vervanger toe.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{holder} — vertrokken, pas ingeleverd. Scan de stempas om terug te komen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vertrekt de houder? Neem de pas in en druk F9.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Komt de houder terug? Geef de pas terug en druk F10.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deze pas is ongeldig: neem hem in. Er is geen actie nodig.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NIET GELUKT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — vertrokken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stempassen naar: {target}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan genegeerd: sluit eerst het venster dat open staat.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Camera wordt gestart…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Camera werkt weer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Camera gestopt.
Scan met de handscanner of zoek op met F2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vul de naam in van wie de kaart toont.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kies de functie.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STEMPAS UITGEGEVEN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VERVANGER TOEGELATEN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AL GEREGISTREERD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FUNCTIE NIET TOEGESTAAN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Geen stempas uitgegeven.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Toch toelaten (supervisor)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stempas {serial} ({holder}) wordt ongeldig en {name} krijgt een nieuwe stempas voor {municipality}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TOCH TOEGELATEN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stempas wordt afgedrukt…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> ({path})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stempas {serial} afgedrukt{where}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Afgedrukt. Geef de stempas mee.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stempas {serial} niet afgedrukt: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NIET AFGEDRUKT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>De registratie staat vast (stempas {serial}); alleen het afdrukken mislukte: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Los het printerprobleem op (of kies Printer…) en druk F5 om af te drukken.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STEMPAS {serial}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stempas herdrukken (supervisor)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stempas {serial} van {holder} wordt nog een keer afgedrukt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STEMPAS HERDRUKT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verloren stempas vervangen (supervisor)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stempas {serial} wordt ongeldig; {holder} krijgt een nieuwe stempas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NIEUWE STEMPAS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VERVANGER</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stempas {serial} wordt ingeleverd en de vervanger krijgt een nieuwe. Vul naam en functie van de vervanger in en druk Enter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TOCH TOELATEN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alleen als de eerdere registratie onterecht was. Stempas {serial} wordt ongeldig. Vul in wie de kaart toont, druk Enter; daarna pincode en reden van de supervisor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vertrek vastgelegd: stempas {serial} ingeleverd.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Terugkomst vastgelegd: stempas {serial} weer actief.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CHECK-IN ONGEDAAN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stempas {serial} is ongeldig; {municipality} is niet meer geregistreerd.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check-in ongedaan maken (supervisor)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>De registratie van {municipality} (stempas {serial}, {holder}) wordt ongedaan gemaakt.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FirstRunWidget</name>
    <message>
        <source>Welkom bij Stembalie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Er is nog geen vergadering geopend. Kies wat u wilt doen. De demo gebruikt het echte CBS-ledenregister van 2024, fictieve aanwijzingen en de agenda van de Extra ALV van 24 mei 2024: zo loopt u de hele dag door zonder camera of printer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vergaderbestand openen…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nieuwe vergadering aanmaken…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo proberen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vergaderbestand openen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vergaderingen (*.sqlite)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LookupDialog</name>
    <message>
        <source>Opzoeken op naam of code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Naam of code (Utrecht, 0344, GM0344) of de cijfers onder de streepjescode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waarom handmatig? (wordt vastgelegd)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Zoek:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Gemeente:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reden:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kiezen (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annuleren (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} ({code}) — {votes} stemmen</source>
        <extracomment>After accept(): the typed card digits (treat as a scan), or the chosen code and reason.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kies eerst een gemeente uit de lijst.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Geef een reden op; die wordt bij de registratie vastgelegd.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Leden en aanwijzingen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Bestand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aanwijzingen inlezen…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ledenregister inlezen…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stemkaarten maken…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporteren na de vergadering…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reservekopie nu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instellingen…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Afsluiten</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Vergadering</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vergadering openen (stemgewichten vastzetten)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uitslagenscherm voor de voorzitter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vergadering openen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>De vergadering openen? Daarna liggen de stemgewichten vast ({members} gemeenten, {votes} stemmen) en kan het ledenregister niet meer worden gewijzigd. Stemmingen kunnen pas na het openen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>geopend, gewichten vast</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in voorbereiding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vergadering {no} · {state} · {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV-bestanden (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} aanwijzingen ingelezen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} gemeenten, {v} stemmen ingelezen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aanwijzingen inlezen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ledenregister inlezen</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NewMeetingDialog</name>
    <message>
        <source>Nieuwe vergadering</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Algemene Ledenvergadering VNG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kies…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Naam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Datum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plaats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balies (komma-gescheiden)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ledenregister (CSV, CBS-indeling)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vergaderbestand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aanmaken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ledenregister</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PresenceDialog</name>
    <message>
        <source>Presentielijst</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alle gemeenten</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aanwezig</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vertrokken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Afwezig</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoek gemeente, code of naam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Afdrukken… (Ctrl+P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opslaan als PDF… (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vernieuwen (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sluiten (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presentielijst — {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{date}, {place} · {counters} · stand van {time} ({desk})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presentielijst opslaan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF-bestanden (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PrinterDialog</name>
    <message>
        <source>Printer voor stempassen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF-bestanden in een map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standaardprinter van deze computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} (niet gevonden)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bladeren…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Afdrukken op:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Formaat:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF-&amp;map:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opslaan (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annuleren (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Map voor stempassen</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RegisterModel</name>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gemeente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provincie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inwoners</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stemmen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vertegenwoordiger</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Functie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E-mail secretaris</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RegisterView</name>
    <message>
        <source>Zoek op gemeente, code, provincie of naam…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{members} gemeenten · {votes} stemmen · {population} inwoners · {designated} aangewezen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{shown} van {total} gemeenten getoond</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Instellingen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>geen camera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>leeg = camera; of een videobestand / map met foto&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>automatisch (zxing, dan zbar)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>standaardprinter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF-bestanden (geen printer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A6-kaart (105 × 148 mm)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label 62 mm breed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>leeg laten = niet wijzigen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>geen (alleen testserver)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Balie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Naam van deze balie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Camera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Videobron in plaats van camera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Streepjescodelezer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Printer voor stempassen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Formaat stempas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Map voor PDF-stempassen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scherm voor de uitslag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nieuwe supervisor-pincode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reservekopieën</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Map (bv. USB-stick)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Elke</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bewaar de laatste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E-mail (stemkaarten versturen)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SMTP-server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Poort</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Beveiliging</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gebruikersnaam</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Afzender</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Het wachtwoord wordt bij het versturen gevraagd en niet als tekst bewaard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kies…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kies een map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>De pincode moet minstens 4 cijfers hebben.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SupervisorDialog</name>
    <message>
        <source>Waarom? (wordt vastgelegd in het logboek)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supervisor-&amp;pincode:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reden:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bevestigen (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annuleren (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TallyBars</name>
    <message>
        <source>drempel {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{m} gemeenten</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TallyScreen</name>
    <message>
        <source>Aanwezig: {m} van {tm} gemeenten · {v} van {tv} stemmen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Geen stemming</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nog niet gestemd: {m} gemeenten ({v} stemmen)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TallyWindow</name>
    <message>
        <source>Stembalie — uitslagenscherm</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VoteView</name>
    <message>
        <source>Waarover wordt gestemd: het voorstel, het voorstel zoals geamendeerd, of het preadvies van het bestuur.</source>
        <extracomment>An agenda file was read and stored. A vote was opened (also a herstemming): its id. The vote was closed: its id. The chair&apos;s result was recorded (also by acclamation): the vote&apos;s id. One choice was recorded here: (municipality code, choice code such as &apos;voor&apos;). A results file was imported: (vote id, number of choices recorded). What the teller panel shows now: &apos;idle&apos;, &apos;pass&apos;, &apos;recorded&apos;, &apos;refused&apos; or &apos;hint&apos;.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stemming openen (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acclamatie (F6)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sluiten (F7)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uitslag vaststellen (F8)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Herstemming (F9)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agenda in stemvolgorde</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nr</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Punt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Soort</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Titel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preadvies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meerderheid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Omhoog (Ctrl+↑)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Omlaag (Ctrl+↓)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standaardvolgorde</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agenda inlezen… (Ctrl+O)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stemformulier (PDF)… (Ctrl+P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Teller (F2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hoofdelijk (F3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uitslagbestand (F4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan de stempas, dan de keuze op het stemformulier — of druk V (voor), T (tegen), O (onthouding). Esc: gescande stempas wissen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoek gemeente (naam of code) — Ctrl+F</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gemeente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stemmen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keuze</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>↑ ↓ kies de gemeente · V voor · T tegen · O onthouding (daarna naar de volgende) · de laatste keuze telt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uitslag van een extern stemsysteem: een CSV-bestand met een kolom &apos;stempas&apos; of &apos;gemeente&apos; (GM0363) en een kolom &apos;keuze&apos; (voor, tegen, onthouding of optie-N). Alles of niets: bij één fout wordt niets vastgelegd en staan alle fouten hieronder, per regel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uitslagbestand kiezen… (Ctrl+I)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>procedureel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>voorstel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>resolutie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>amendement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>subamendement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>motie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · personen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · geheim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · {n} opties</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (herstemming)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open — stemming {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gesloten — uitslag vaststellen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vastgesteld</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>aangenomen bij acclamatie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gekozen: {option}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>aangenomen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>verworpen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nog geen agenda: lees het agendabestand in (Ctrl+O).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nog geen stemming gehouden. Kies een punt en open de stemming (F5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stemming {n} · punt {step} · {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VERVANGEN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ACCLAMATIE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OPEN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GESLOTEN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VASTGESTELD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gestemd (geheim)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bij acclamatie: geen stemmen per gemeente.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vastgesteld: {statement}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nog niet gestemd: {n} van {total} gemeenten ({w} stemmen)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — wijkt af van de berekening ({computed})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stand nu: {computed}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Berekend: {computed}. Stel de uitslag vast met F8.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — vervangen door herstemming {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lees eerst de agenda in (Ctrl+O).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sluit eerst de open stemming (F7).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Er is geen open stemming.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Er is nog geen stemming gehouden.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sluit eerst de stemming (F7); pas daarna wordt de uitslag vastgesteld.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deze stemming is vervangen door een herstemming.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>De uitslag van deze stemming is al vastgesteld.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sluit eerst de stemming (F7).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Een besluit bij acclamatie kent geen herstemming; open een nieuwe stemming.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deze stemming is al vervangen door een herstemming.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Het bestand {path} kan niet worden gelezen: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agenda ingelezen uit {name}: {items} agendapunten, {votes} stemmingen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agenda inlezen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agendabestanden (*.toml)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volgorde gewijzigd. Let op:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volgorde gewijzigd: {step} staat nu op plaats {n}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>De standaardvolgorde geldt weer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> Dit formulier geldt voor elke stemming over een voorstel of motie.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stemformulier opgeslagen: {path}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stemformulier opslaan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF-bestanden (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kies eerst in de agenda waarover gestemd wordt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stemming {n} is geopend: {members} gemeenten met {votes} stemmen mogen stemmen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kies eerst in de agenda welk punt bij acclamatie wordt aangenomen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{step} {title} — aangenomen bij acclamatie?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vastgelegd: {step} aangenomen bij acclamatie.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gestemd: {voted} van {eligible} gemeenten ({w} van {total} stemmen). Nog niet gestemd: {n} gemeenten. Na het sluiten kan geen keuze meer worden vastgelegd of gewijzigd.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stemming sluiten</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stemming {n} sluiten?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sluiten (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stemming {n} gesloten. Berekend: {computed}. Stel de uitslag vast met F8.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stemming {n} · {step} {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uitslag vastgesteld: {statement}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Herstemming</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Herstemming over {step} {title}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stemming {n} blijft bewaard en wordt vervangen door een nieuwe stemming over hetzelfde punt. Wie nu aanwezig is met een stempas, mag stemmen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Herstemming openen (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Herstemming geopend: stemming {n} vervangt stemming {old}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stemmen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan de keuze op het stembiljet of druk 1 t/m {n} (optie), O (onthouding).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan de keuze op het stemformulier of druk V (voor), T (tegen), O (onthouding).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SCAN DE STEMPAS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stemming {n} is open. Scan de stempas van het lid; daarna de keuze.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GEEN OPEN STEMMING</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kies een punt in de agenda en open de stemming met F5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Er is niets vastgelegd.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan genegeerd: sluit eerst het venster dat open staat.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ONGELDIGE CODE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ONBEKENDE KEUZE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ONBEKENDE STEMPAS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NIET GELUKT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Er is nog geen stemming geopend.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STEMMING GESLOTEN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MAG NIET MEESTEMMEN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STEMPAS NIET GELDIG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stempas {serial} van {municipality} is {status}: met deze pas kan nu niet worden gestemd.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deze gemeente heeft al gestemd; bij een geheime stemming kan dat niet worden gewijzigd.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Eerder gekozen: {choice}. Een nieuwe keuze vervangt die.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STEMPAS {serial} — WELKE KEUZE?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SCAN EERST DE STEMPAS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>De keuze {choice} is niet vastgelegd: er is geen stempas gescand.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NIET VASTGELEGD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STEM VASTGELEGD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Geheime stemming: de keuze wordt niet getoond en kan niet meer worden gewijzigd.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gewijzigd: eerder {old}. Alleen de laatste keuze telt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vastgelegd om {time} · stempas {serial}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scan de volgende stempas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Toets &apos;{key}&apos; hoort niet bij deze stemming. {keys}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}: {choice} vastgelegd ({votes} {word}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} ingelezen: {n} keuzes vastgelegd in stemming {number}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uitslagbestand inlezen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV-bestanden (*.csv *.txt)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>self.window</name>
    <message>
        <source>Map voor de export (leeg of nieuw)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export geschreven naar {folder} ({n} bestanden, met manifest.sha256).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Map voor de reservekopie (bv. een USB-stick)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reservekopie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reservekopie gemaakt: {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reservekopie mislukt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instellingen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instellingen bewaard. Camera, printer en taal gelden na een herstart.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <source>Balie</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
