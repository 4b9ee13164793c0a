"""The sample pages' text in English, Dutch and German.

News items and success stories are examples written for this platform: the organisations,
people and figures in them are invented and each page carries an "example" notice.
Real places, universities and programmes are named only for context.
"""

from typing import NamedTuple


class T(NamedTuple):
    """One piece of text in the three site languages."""

    en: str
    nl: str
    de: str


CLUSTER_INDEX = {
    "slug": T("clusters", "clusters", "cluster"),
    "title": T("Clusters", "Clusters", "Cluster"),
    "intro": [
        T(
            "TECH.LAND brings organisations together in four clusters where the Dutch and German sides of the border complement each other.",
            "TECH.LAND brengt organisaties samen in vier clusters waarin de Nederlandse en de Duitse kant van de grens elkaar aanvullen.",
            "TECH.LAND bringt Organisationen in vier Clustern zusammen, in denen sich die niederländische und die deutsche Seite der Grenze ergänzen.",
        )
    ],
}

CLUSTERS = [
    {
        "cluster": "battery_hydrogen",
        "slug": T("battery-hydrogen", "batterijen-waterstof", "batterie-wasserstoff"),
        "title": T("Battery & Hydrogen", "Batterijen & waterstof", "Batterie & Wasserstoff"),
        "tagline": T(
            "Storing and converting energy: from battery cells to green hydrogen.",
            "Energie opslaan en omzetten: van batterijcel tot groene waterstof.",
            "Energie speichern und umwandeln: von der Batteriezelle bis zum grünen Wasserstoff.",
        ),
        "introduction": [
            T(
                "Münster is one of Germany's centres of battery research, and the chemical sites of the Emscher-Lippe region are turning to hydrogen. In Overijssel and Gelderland, manufacturers build the machines, power electronics and components that these value chains need.",
                "Münster is een van de centra van het Duitse batterijonderzoek en de chemische locaties in de regio Emscher-Lippe stappen over op waterstof. In Overijssel en Gelderland bouwen maakbedrijven de machines, vermogenselektronica en componenten die deze waardeketens nodig hebben.",
                "Münster ist eines der Zentren der deutschen Batterieforschung, und die Chemiestandorte der Emscher-Lippe-Region stellen auf Wasserstoff um. In Overijssel und Gelderland bauen Hersteller die Maschinen, die Leistungselektronik und die Komponenten, die diese Wertschöpfungsketten brauchen.",
            ),
            T(
                "The cluster connects cell research with production equipment, recycling and the use of hydrogen in industry and transport.",
                "Het cluster verbindt celonderzoek met productieapparatuur, recycling en het gebruik van waterstof in industrie en transport.",
                "Das Cluster verbindet Zellforschung mit Produktionsanlagen, Recycling und dem Einsatz von Wasserstoff in Industrie und Verkehr.",
            ),
        ],
        "technologies": [
            (
                T("Battery cell production", "Productie van batterijcellen", "Batteriezellproduktion"),
                T(
                    "Electrode coating, cell assembly and formation, and the equipment for them.",
                    "Coaten van elektroden, celassemblage en formatie, en de apparatuur daarvoor.",
                    "Elektrodenbeschichtung, Zellassemblierung und Formierung sowie die Anlagen dafür.",
                ),
            ),
            (
                T("Battery recycling", "Recycling van batterijen", "Batterierecycling"),
                T(
                    "Dismantling, sorting and recovering lithium, nickel and cobalt.",
                    "Demonteren, sorteren en terugwinnen van lithium, nikkel en kobalt.",
                    "Demontage, Sortierung und Rückgewinnung von Lithium, Nickel und Kobalt.",
                ),
            ),
            (
                T(
                    "Electrolysers and fuel cells",
                    "Elektrolysers en brandstofcellen",
                    "Elektrolyseure und Brennstoffzellen",
                ),
                T(
                    "Stacks, balance-of-plant components and their testing.",
                    "Stacks, randapparatuur en het testen daarvan.",
                    "Stacks, Peripheriekomponenten und deren Prüfung.",
                ),
            ),
            (
                T("Hydrogen in industry", "Waterstof in de industrie", "Wasserstoff in der Industrie"),
                T(
                    "Replacing natural gas in process heat and chemistry.",
                    "Aardgas vervangen in proceswarmte en chemie.",
                    "Erdgas in Prozesswärme und Chemie ersetzen.",
                ),
            ),
        ],
    },
    {
        "cluster": "circular_economy",
        "slug": T("circular-economy", "circulaire-economie", "kreislaufwirtschaft"),
        "title": T("Circular Economy", "Circulaire economie", "Kreislaufwirtschaft"),
        "tagline": T(
            "Keeping materials in use: design, reuse, recycling.",
            "Materialen in gebruik houden: ontwerp, hergebruik, recycling.",
            "Materialien im Kreislauf halten: Design, Wiederverwendung, Recycling.",
        ),
        "introduction": [
            T(
                "Textiles in Twente and the Münsterland, plastics and packaging, construction materials: the border region has industries with large material flows and a long tradition of working with them.",
                "Textiel in Twente en het Münsterland, kunststoffen en verpakkingen, bouwmaterialen: de grensregio heeft industrieën met grote materiaalstromen en een lange traditie in het werken daarmee.",
                "Textilien in Twente und im Münsterland, Kunststoffe und Verpackungen, Baustoffe: Die Grenzregion hat Branchen mit großen Materialströmen und eine lange Tradition im Umgang damit.",
            ),
            T(
                "The cluster brings together companies and researchers who design products for reuse, build return systems and turn waste into raw material.",
                "Het cluster brengt bedrijven en onderzoekers samen die producten ontwerpen voor hergebruik, retoursystemen bouwen en afval tot grondstof maken.",
                "Das Cluster bringt Unternehmen und Forschende zusammen, die Produkte für die Wiederverwendung gestalten, Rücknahmesysteme aufbauen und Abfall zu Rohstoff machen.",
            ),
        ],
        "technologies": [
            (
                T("Textile recycling", "Textielrecycling", "Textilrecycling"),
                T(
                    "Sorting by fibre and turning used textiles into new yarn.",
                    "Sorteren op vezel en van gebruikt textiel nieuw garen maken.",
                    "Sortieren nach Fasern und aus gebrauchten Textilien neues Garn herstellen.",
                ),
            ),
            (
                T("Plastics recycling", "Kunststofrecycling", "Kunststoffrecycling"),
                T(
                    "Mechanical and chemical recycling of mixed plastic waste.",
                    "Mechanische en chemische recycling van gemengd kunststofafval.",
                    "Mechanisches und chemisches Recycling gemischter Kunststoffabfälle.",
                ),
            ),
            (
                T("Circular construction", "Circulair bouwen", "Zirkuläres Bauen"),
                T(
                    "Building components that can be taken apart and used again.",
                    "Bouwdelen die uit elkaar gehaald en opnieuw gebruikt kunnen worden.",
                    "Bauteile, die sich zerlegen und wiederverwenden lassen.",
                ),
            ),
            (
                T("Digital product passports", "Digitale productpaspoorten", "Digitale Produktpässe"),
                T(
                    "Recording what a product is made of, so it can be repaired and recycled.",
                    "Vastleggen waaruit een product bestaat, zodat het gerepareerd en gerecycled kan worden.",
                    "Erfassen, woraus ein Produkt besteht, damit es repariert und recycelt werden kann.",
                ),
            ),
        ],
    },
    {
        "cluster": "advanced_manufacturing_robotics",
        "slug": T("advanced-manufacturing-robotics", "slimme-maakindustrie-robotica", "produktion-robotik"),
        "title": T(
            "Advanced Manufacturing & Robotics",
            "Slimme maakindustrie & robotica",
            "Fortschrittliche Produktion & Robotik",
        ),
        "tagline": T(
            "Machine builders, automation and the factories that use them.",
            "Machinebouwers, automatisering en de fabrieken die ze gebruiken.",
            "Maschinenbau, Automatisierung und die Fabriken, die sie nutzen.",
        ),
        "introduction": [
            T(
                "Both sides of the border have a strong base of small and medium-sized manufacturers: machine builders, metalworkers, plastics processors and their suppliers.",
                "Aan beide kanten van de grens zit een sterke basis van kleine en middelgrote maakbedrijven: machinebouwers, metaalbewerkers, kunststofverwerkers en hun toeleveranciers.",
                "Auf beiden Seiten der Grenze gibt es eine starke Basis kleiner und mittlerer Hersteller: Maschinenbauer, Metallverarbeiter, Kunststoffverarbeiter und ihre Zulieferer.",
            ),
            T(
                "The cluster helps them adopt robotics, sensors and data, and find partners across the border who have solved a similar problem before.",
                "Het cluster helpt hen robotica, sensoren en data toe te passen en partners over de grens te vinden die een vergelijkbaar probleem al eens hebben opgelost.",
                "Das Cluster hilft ihnen, Robotik, Sensorik und Daten einzusetzen und Partner jenseits der Grenze zu finden, die ein ähnliches Problem schon einmal gelöst haben.",
            ),
        ],
        "technologies": [
            (
                T("Collaborative robots", "Collaboratieve robots", "Kollaborative Roboter"),
                T(
                    "Robots that work safely next to people in small-batch production.",
                    "Robots die veilig naast mensen werken in kleinseriematige productie.",
                    "Roboter, die in der Kleinserienfertigung sicher neben Menschen arbeiten.",
                ),
            ),
            (
                T("Machine vision", "Beeldverwerking", "Bildverarbeitung"),
                T(
                    "Cameras and software for inspection and quality control.",
                    "Camera's en software voor inspectie en kwaliteitscontrole.",
                    "Kameras und Software für Inspektion und Qualitätskontrolle.",
                ),
            ),
            (
                T("Additive manufacturing", "Additieve productie", "Additive Fertigung"),
                T(
                    "3D printing in metal and polymers for parts and tooling.",
                    "3D-printen in metaal en kunststof voor onderdelen en gereedschap.",
                    "3D-Druck in Metall und Kunststoff für Bauteile und Werkzeuge.",
                ),
            ),
            (
                T("Digital twins", "Digitale tweelingen", "Digitale Zwillinge"),
                T(
                    "Simulating machines and lines before they are built or changed.",
                    "Machines en lijnen simuleren voordat ze gebouwd of aangepast worden.",
                    "Maschinen und Linien simulieren, bevor sie gebaut oder geändert werden.",
                ),
            ),
        ],
    },
    {
        "cluster": "health_medtech",
        "slug": T("health-medical-technology", "gezondheid-medische-technologie", "gesundheit-medizintechnik"),
        "title": T(
            "Health & Medical Technology",
            "Gezondheid & medische technologie",
            "Gesundheit & Medizintechnik",
        ),
        "tagline": T(
            "Medical devices, digital care and the research behind them.",
            "Medische hulpmiddelen, digitale zorg en het onderzoek erachter.",
            "Medizinprodukte, digitale Versorgung und die Forschung dahinter.",
        ),
        "introduction": [
            T(
                "University hospitals, technical universities and a growing number of medtech companies work on both sides of the border, often on the same questions.",
                "Universitaire ziekenhuizen, technische universiteiten en een groeiend aantal medtechbedrijven werken aan beide kanten van de grens, vaak aan dezelfde vragen.",
                "Universitätskliniken, technische Hochschulen und eine wachsende Zahl von Medizintechnikunternehmen arbeiten auf beiden Seiten der Grenze, oft an denselben Fragen.",
            ),
            T(
                "The cluster connects developers with clinical partners and helps them through certification for both markets.",
                "Het cluster verbindt ontwikkelaars met klinische partners en helpt hen door de certificering voor beide markten.",
                "Das Cluster verbindet Entwickler mit klinischen Partnern und begleitet sie durch die Zertifizierung für beide Märkte.",
            ),
        ],
        "technologies": [
            (
                T("Medical imaging", "Medische beeldvorming", "Medizinische Bildgebung"),
                T(
                    "Ultrasound, photoacoustics and image analysis.",
                    "Echografie, foto-akoestiek en beeldanalyse.",
                    "Ultraschall, Photoakustik und Bildanalyse.",
                ),
            ),
            (
                T("Remote monitoring", "Monitoring op afstand", "Fernüberwachung"),
                T(
                    "Wearables and home care technology that report to care teams.",
                    "Wearables en thuiszorgtechnologie die rapporteren aan zorgteams.",
                    "Wearables und Technik für die häusliche Pflege, die an Behandlungsteams berichten.",
                ),
            ),
            (
                T("Rehabilitation technology", "Revalidatietechnologie", "Rehabilitationstechnik"),
                T(
                    "Robotic and sensor-based support for recovery and therapy.",
                    "Robotische en sensorgebaseerde ondersteuning bij herstel en therapie.",
                    "Robotische und sensorbasierte Unterstützung für Genesung und Therapie.",
                ),
            ),
            (
                T("Regulatory affairs", "Regelgeving en certificering", "Regulatorische Zulassung"),
                T(
                    "Meeting the EU Medical Device Regulation from the first prototype.",
                    "Vanaf het eerste prototype voldoen aan de Europese verordening medische hulpmiddelen.",
                    "Die EU-Medizinprodukteverordnung vom ersten Prototyp an erfüllen.",
                ),
            ),
        ],
    },
]

NEWS_INDEX = {
    "slug": T("news", "nieuws", "nachrichten"),
    "title": T("News", "Nieuws", "Nachrichten"),
    "intro": [
        T(
            "News from the clusters and from cross-border cooperation in the region.",
            "Nieuws uit de clusters en over grensoverschrijdende samenwerking in de regio.",
            "Nachrichten aus den Clustern und aus der grenzüberschreitenden Zusammenarbeit in der Region.",
        )
    ],
}

NEWS = [
    {
        "slug": T(
            "tech-land-opens-in-three-languages",
            "tech-land-van-start-in-drie-talen",
            "tech-land-startet-in-drei-sprachen",
        ),
        "title": T(
            "TECH.LAND opens in three languages",
            "TECH.LAND gaat van start in drie talen",
            "TECH.LAND startet in drei Sprachen",
        ),
        "date": "2026-09-01",
        "author": T("TECH.LAND editorial team", "Redactie TECH.LAND", "Redaktion TECH.LAND"),
        "clusters": ["battery_hydrogen", "circular_economy", "advanced_manufacturing_robotics", "health_medtech"],
        "intro": T(
            "The platform brings the directory of organisations, the four clusters and their news together in English, Dutch and German.",
            "Het platform brengt de gids van organisaties, de vier clusters en hun nieuws samen in het Engels, Nederlands en Duits.",
            "Die Plattform bündelt das Verzeichnis der Organisationen, die vier Cluster und ihre Nachrichten auf Englisch, Niederländisch und Deutsch.",
        ),
        "body": [
            T(
                "Finding a partner on the other side of the border often starts with a simple question: who works on this? The directory answers it with public data on companies, universities, research institutes and networks in Overijssel, Gelderland, the Münsterland and Emscher-Lippe.",
                "Een partner vinden aan de andere kant van de grens begint vaak met een eenvoudige vraag: wie werkt hieraan? De gids beantwoordt die vraag met openbare gegevens over bedrijven, universiteiten, onderzoeksinstellingen en netwerken in Overijssel, Gelderland, het Münsterland en Emscher-Lippe.",
                "Die Suche nach einem Partner auf der anderen Seite der Grenze beginnt oft mit einer einfachen Frage: Wer arbeitet daran? Das Verzeichnis beantwortet sie mit öffentlichen Daten über Unternehmen, Hochschulen, Forschungseinrichtungen und Netzwerke in Overijssel, Gelderland, im Münsterland und in der Emscher-Lippe-Region.",
            ),
            T(
                "Every page can be read in the visitor's own language. Members can keep their organisation's profile up to date and receive suggestions for partners across the border.",
                "Elke pagina is te lezen in de eigen taal van de bezoeker. Leden kunnen het profiel van hun organisatie actueel houden en krijgen suggesties voor partners over de grens.",
                "Jede Seite lässt sich in der eigenen Sprache lesen. Mitglieder können das Profil ihrer Organisation aktuell halten und erhalten Vorschläge für Partner jenseits der Grenze.",
            ),
        ],
        "example": False,
    },
    {
        "slug": T(
            "matchmaking-day-battery-recycling", "matchmakingdag-batterijrecycling", "matchmaking-tag-batterierecycling"
        ),
        "title": T(
            "Matchmaking day on battery recycling brings 40 companies together",
            "Matchmakingdag over batterijrecycling brengt 40 bedrijven samen",
            "Matchmaking-Tag zum Batterierecycling bringt 40 Unternehmen zusammen",
        ),
        "date": "2026-09-18",
        "author": T(
            "Cluster team Battery & Hydrogen",
            "Clusterteam Batterijen & waterstof",
            "Clusterteam Batterie & Wasserstoff",
        ),
        "clusters": ["battery_hydrogen", "circular_economy"],
        "intro": T(
            "Dismantlers, machine builders and researchers from both countries compared notes on how to take used battery packs apart safely.",
            "Demontagebedrijven, machinebouwers en onderzoekers uit beide landen wisselden ervaringen uit over het veilig demonteren van gebruikte batterijpakketten.",
            "Demontagebetriebe, Maschinenbauer und Forschende aus beiden Ländern tauschten sich darüber aus, wie sich gebrauchte Batteriepacks sicher zerlegen lassen.",
        ),
        "body": [
            T(
                "The day in Münster opened with short pitches: each company had three minutes to say what it makes and what it is looking for. Most were looking for the same thing, a partner who can automate the slow and dangerous first step of dismantling.",
                "De dag in Münster begon met korte pitches: elk bedrijf had drie minuten om te vertellen wat het maakt en wat het zoekt. De meesten zochten hetzelfde: een partner die de langzame en gevaarlijke eerste stap van het demonteren kan automatiseren.",
                "Der Tag in Münster begann mit kurzen Pitches: Jedes Unternehmen hatte drei Minuten, um zu sagen, was es herstellt und was es sucht. Die meisten suchten dasselbe, einen Partner, der den langsamen und gefährlichen ersten Schritt der Demontage automatisieren kann.",
            ),
            T(
                "In the afternoon, 60 one-to-one meetings took place. Five pairs agreed to prepare a joint project proposal before the end of the year.",
                "In de middag vonden 60 een-op-eengesprekken plaats. Vijf duo's spraken af voor het einde van het jaar een gezamenlijk projectvoorstel voor te bereiden.",
                "Am Nachmittag fanden 60 Einzelgespräche statt. Fünf Paare vereinbarten, bis zum Jahresende einen gemeinsamen Projektantrag vorzubereiten.",
            ),
        ],
        "quote": (
            T(
                "We came for a buyer and left with a development partner.",
                "We kwamen voor een afnemer en gingen naar huis met een ontwikkelpartner.",
                "Wir kamen wegen eines Abnehmers und gingen mit einem Entwicklungspartner nach Hause.",
            ),
            T("A participating machine builder", "Een deelnemende machinebouwer", "Ein teilnehmender Maschinenbauer"),
        ),
        "example": True,
    },
    {
        "slug": T(
            "hydrogen-supply-chains-emscher-lippe-twente",
            "waterstofketens-emscher-lippe-twente",
            "wasserstoff-lieferketten-emscher-lippe-twente",
        ),
        "title": T(
            "Hydrogen: suppliers from Twente visit the Emscher-Lippe chemical sites",
            "Waterstof: toeleveranciers uit Twente bezoeken de chemische locaties in Emscher-Lippe",
            "Wasserstoff: Zulieferer aus Twente besuchen die Chemiestandorte der Emscher-Lippe-Region",
        ),
        "date": "2026-10-02",
        "author": T(
            "Cluster team Battery & Hydrogen",
            "Clusterteam Batterijen & waterstof",
            "Clusterteam Batterie & Wasserstoff",
        ),
        "clusters": ["battery_hydrogen"],
        "intro": T(
            "A delegation of twelve Dutch component makers learned what the large users of hydrogen will need in the coming years.",
            "Een delegatie van twaalf Nederlandse componentenmakers hoorde wat de grote gebruikers van waterstof de komende jaren nodig hebben.",
            "Eine Delegation von zwölf niederländischen Komponentenherstellern erfuhr, was die großen Wasserstoffnutzer in den kommenden Jahren brauchen.",
        ),
        "body": [
            T(
                "Valves, compressors, sensors and pressure vessels: the list of parts that a hydrogen economy needs is long, and many of them are made by small firms in the east of the Netherlands.",
                "Kleppen, compressoren, sensoren en drukvaten: de lijst met onderdelen die een waterstofeconomie nodig heeft is lang, en veel daarvan worden gemaakt door kleine bedrijven in Oost-Nederland.",
                "Ventile, Verdichter, Sensoren und Druckbehälter: Die Liste der Teile, die eine Wasserstoffwirtschaft braucht, ist lang, und viele davon stellen kleine Firmen im Osten der Niederlande her.",
            ),
            T(
                "During the visit, plant engineers explained their requirements for certification and delivery times. Several suppliers will follow up with technical meetings.",
                "Tijdens het bezoek legden procesingenieurs hun eisen voor certificering en levertijden uit. Verschillende toeleveranciers volgen dit op met technische gesprekken.",
                "Beim Besuch erläuterten Anlageningenieure ihre Anforderungen an Zertifizierung und Lieferzeiten. Mehrere Zulieferer führen nun technische Gespräche weiter.",
            ),
        ],
        "example": True,
    },
    {
        "slug": T("robotics-fieldlab-open-day", "open-dag-robotica-fieldlab", "tag-der-offenen-tuer-robotik-fieldlab"),
        "title": T(
            "Robotics fieldlab opens its doors to German SMEs",
            "Robotica-fieldlab opent de deuren voor Duitse mkb-bedrijven",
            "Robotik-Fieldlab öffnet seine Türen für deutsche KMU",
        ),
        "date": "2026-10-15",
        "author": T(
            "Cluster team Advanced Manufacturing & Robotics",
            "Clusterteam Slimme maakindustrie & robotica",
            "Clusterteam Produktion & Robotik",
        ),
        "clusters": ["advanced_manufacturing_robotics"],
        "intro": T(
            "Small manufacturers from the Münsterland tried out collaborative robots on their own parts during an open day in Enschede.",
            "Kleine maakbedrijven uit het Münsterland probeerden tijdens een open dag in Enschede collaboratieve robots uit op hun eigen onderdelen.",
            "Kleine Hersteller aus dem Münsterland testeten bei einem Tag der offenen Tür in Enschede kollaborative Roboter an ihren eigenen Bauteilen.",
        ),
        "body": [
            T(
                "Visitors were asked to bring a typical part from their own production. Engineers then showed how a robot cell could pick, place or inspect it, and what such a cell would cost.",
                "Bezoekers werd gevraagd een typisch onderdeel uit hun eigen productie mee te nemen. Ingenieurs lieten vervolgens zien hoe een robotcel het kan oppakken, plaatsen of inspecteren, en wat zo'n cel zou kosten.",
                "Die Besucher sollten ein typisches Teil aus ihrer eigenen Fertigung mitbringen. Ingenieure zeigten dann, wie eine Roboterzelle es greifen, ablegen oder prüfen kann und was eine solche Zelle kosten würde.",
            ),
            T(
                "The fieldlab will repeat the day in spring, this time with interpreters for both languages.",
                "Het fieldlab herhaalt de dag in het voorjaar, dan met tolken voor beide talen.",
                "Das Fieldlab wiederholt den Tag im Frühjahr, dann mit Dolmetschern für beide Sprachen.",
            ),
        ],
        "example": True,
    },
    {
        "slug": T(
            "hospital-innovation-teams-meet",
            "innovatieteams-ziekenhuizen-ontmoeten-elkaar",
            "innovationsteams-der-kliniken-treffen-sich",
        ),
        "title": T(
            "Hospital innovation teams from both sides of the border meet",
            "Innovatieteams van ziekenhuizen aan beide kanten van de grens ontmoeten elkaar",
            "Innovationsteams von Kliniken beiderseits der Grenze treffen sich",
        ),
        "date": "2026-10-29",
        "author": T(
            "Cluster team Health & Medical Technology",
            "Clusterteam Gezondheid & medische technologie",
            "Clusterteam Gesundheit & Medizintechnik",
        ),
        "clusters": ["health_medtech"],
        "intro": T(
            "Hospitals want to test new medical technology in practice; developers want clinical feedback early. A first meeting explored how to combine the two across the border.",
            "Ziekenhuizen willen nieuwe medische technologie in de praktijk testen; ontwikkelaars willen vroeg klinische feedback. Een eerste bijeenkomst verkende hoe die twee over de grens heen samengaan.",
            "Kliniken wollen neue Medizintechnik in der Praxis erproben, Entwickler wollen früh klinisches Feedback. Ein erstes Treffen lotete aus, wie beides grenzüberschreitend zusammenpasst.",
        ),
        "body": [
            T(
                "The participants agreed that the differences between the Dutch and German health systems are smaller in daily practice than on paper. Ethics approval, data protection and reimbursement were named as the main hurdles.",
                "De deelnemers waren het erover eens dat de verschillen tussen het Nederlandse en het Duitse zorgstelsel in de dagelijkse praktijk kleiner zijn dan op papier. Medisch-ethische toetsing, gegevensbescherming en vergoeding werden als grootste drempels genoemd.",
                "Die Teilnehmenden waren sich einig, dass die Unterschiede zwischen dem niederländischen und dem deutschen Gesundheitssystem im Alltag kleiner sind als auf dem Papier. Ethikvoten, Datenschutz und Erstattung wurden als größte Hürden genannt.",
            ),
            T(
                "A working group will draw up a short guide for developers who want to run a pilot in a hospital on the other side of the border.",
                "Een werkgroep stelt een korte handleiding op voor ontwikkelaars die een pilot willen doen in een ziekenhuis aan de andere kant van de grens.",
                "Eine Arbeitsgruppe erstellt einen kurzen Leitfaden für Entwickler, die ein Pilotprojekt in einer Klinik auf der anderen Seite der Grenze durchführen wollen.",
            ),
        ],
        "example": True,
    },
    {
        "slug": T("returnable-packaging-pilot", "pilot-herbruikbare-verpakkingen", "pilotprojekt-mehrwegverpackungen"),
        "title": T(
            "Pilot with returnable transport packaging crosses the border",
            "Pilot met herbruikbare transportverpakkingen gaat over de grens",
            "Pilotprojekt mit Mehrweg-Transportverpackungen überquert die Grenze",
        ),
        "date": "2026-11-05",
        "author": T(
            "Cluster team Circular Economy", "Clusterteam Circulaire economie", "Clusterteam Kreislaufwirtschaft"
        ),
        "clusters": ["circular_economy"],
        "intro": T(
            "Three suppliers and two manufacturers replace single-use cardboard with crates that travel back and forth between Gelderland and the Münsterland.",
            "Drie toeleveranciers en twee fabrikanten vervangen wegwerpkarton door kratten die heen en weer reizen tussen Gelderland en het Münsterland.",
            "Drei Zulieferer und zwei Hersteller ersetzen Einwegkartons durch Kisten, die zwischen Gelderland und dem Münsterland hin- und herfahren.",
        ),
        "body": [
            T(
                "The crates carry a code that records every trip. After six months, the partners want to know how many trips a crate makes, how often it needs repair and whether the system saves money.",
                "De kratten hebben een code die elke rit registreert. Na zes maanden willen de partners weten hoeveel ritten een krat maakt, hoe vaak hij gerepareerd moet worden en of het systeem geld bespaart.",
                "Die Kisten tragen einen Code, der jede Fahrt erfasst. Nach sechs Monaten wollen die Partner wissen, wie viele Fahrten eine Kiste macht, wie oft sie repariert werden muss und ob das System Geld spart.",
            ),
            T(
                "If the pilot works, the partners plan to open the system to other companies along the same transport routes.",
                "Als de pilot slaagt, willen de partners het systeem openstellen voor andere bedrijven langs dezelfde transportroutes.",
                "Wenn das Pilotprojekt gelingt, wollen die Partner das System für weitere Unternehmen entlang derselben Transportrouten öffnen.",
            ),
        ],
        "example": True,
    },
    {
        "slug": T(
            "call-small-cross-border-projects",
            "oproep-kleine-grensoverschrijdende-projecten",
            "aufruf-kleine-grenzueberschreitende-projekte",
        ),
        "title": T(
            "How to prepare a small cross-border innovation project",
            "Zo bereidt u een klein grensoverschrijdend innovatieproject voor",
            "So bereiten Sie ein kleines grenzüberschreitendes Innovationsprojekt vor",
        ),
        "date": "2026-11-12",
        "author": T("TECH.LAND editorial team", "Redactie TECH.LAND", "Redaktion TECH.LAND"),
        "clusters": ["battery_hydrogen", "circular_economy", "advanced_manufacturing_robotics", "health_medtech"],
        "intro": T(
            "Funding programmes such as Interreg Deutschland-Nederland support cooperation between partners from both countries. Our checklist helps you get ready before a call opens.",
            "Subsidieprogramma's zoals Interreg Deutschland-Nederland ondersteunen samenwerking tussen partners uit beide landen. Onze checklist helpt u zich voor te bereiden voordat een oproep opengaat.",
            "Förderprogramme wie Interreg Deutschland-Nederland unterstützen die Zusammenarbeit von Partnern aus beiden Ländern. Unsere Checkliste hilft Ihnen, sich vorzubereiten, bevor ein Aufruf startet.",
        ),
        "body": [
            T(
                "Start with the partner, not with the form: agree on the problem you want to solve together and on what each side contributes. Check the current conditions of the programme with its advisers, since rules and deadlines change from call to call.",
                "Begin bij de partner, niet bij het formulier: spreek af welk probleem u samen wilt oplossen en wat elke kant bijdraagt. Controleer de actuele voorwaarden van het programma bij de adviseurs, want regels en termijnen verschillen per oproep.",
                "Beginnen Sie mit dem Partner, nicht mit dem Formular: Einigen Sie sich auf das Problem, das Sie gemeinsam lösen wollen, und darauf, was jede Seite beiträgt. Prüfen Sie die aktuellen Bedingungen des Programms bei dessen Beratern, denn Regeln und Fristen ändern sich von Aufruf zu Aufruf.",
            ),
            T(
                "The directory can help you find a partner with the right expertise on the other side of the border.",
                "De gids kan u helpen een partner met de juiste expertise aan de andere kant van de grens te vinden.",
                "Das Verzeichnis kann Ihnen helfen, einen Partner mit der passenden Expertise auf der anderen Seite der Grenze zu finden.",
            ),
        ],
        "example": False,
    },
]

STORY_INDEX = {
    "slug": T("success-stories", "succesverhalen", "erfolgsgeschichten"),
    "title": T("Success stories", "Succesverhalen", "Erfolgsgeschichten"),
    "intro": [
        T(
            "How partners from both sides of the border turned an idea into a result. The stories shown here are examples.",
            "Hoe partners van beide kanten van de grens een idee omzetten in een resultaat. De verhalen op deze pagina zijn voorbeelden.",
            "Wie Partner beiderseits der Grenze aus einer Idee ein Ergebnis gemacht haben. Die hier gezeigten Geschichten sind Beispiele.",
        )
    ],
}

STORIES = [
    {
        "slug": T(
            "automated-battery-dismantling",
            "geautomatiseerde-demontage-van-batterijen",
            "automatisierte-batteriedemontage",
        ),
        "title": T(
            "A robot cell that opens used battery packs",
            "Een robotcel die gebruikte batterijpakketten opent",
            "Eine Roboterzelle, die gebrauchte Batteriepacks öffnet",
        ),
        "cluster": "battery_hydrogen",
        "summary": T(
            "A machine builder from Overijssel and a recycling start-up from the Münsterland developed a cell that removes the screws and covers of battery packs.",
            "Een machinebouwer uit Overijssel en een recyclingstart-up uit het Münsterland ontwikkelden een cel die de schroeven en deksels van batterijpakketten verwijdert.",
            "Ein Maschinenbauer aus Overijssel und ein Recycling-Start-up aus dem Münsterland entwickelten eine Zelle, die Schrauben und Deckel von Batteriepacks entfernt.",
        ),
        "partners": [
            ("Hofstede Machinebouw B.V. (example)", "NL", "lead"),
            ("ReCell Münsterland GmbH (example)", "DE", "partner"),
        ],
        "figures": [
            ("70%", T("less manual work per pack", "minder handwerk per pakket", "weniger Handarbeit pro Pack")),
            (
                "18",
                T(
                    "months from first meeting to pilot",
                    "maanden van eerste gesprek tot pilot",
                    "Monate vom ersten Treffen bis zum Pilotbetrieb",
                ),
            ),
        ],
        "quote": (
            T(
                "They knew the batteries, we knew the machines. Neither of us could have done it alone.",
                "Zij kenden de batterijen, wij kenden de machines. Geen van beiden had het alleen gekund.",
                "Sie kannten die Batterien, wir kannten die Maschinen. Keiner von uns hätte es allein geschafft.",
            ),
            T(
                "Project lead at the machine builder",
                "Projectleider bij de machinebouwer",
                "Projektleiter beim Maschinenbauer",
            ),
        ),
        "body": [
            T(
                "Opening a battery pack by hand is slow and risky. The start-up had the know-how of the different pack designs but no experience in building machines; the machine builder had the opposite.",
                "Een batterijpakket met de hand openen is langzaam en riskant. De start-up had de kennis van de verschillende pakketontwerpen, maar geen ervaring met het bouwen van machines; bij de machinebouwer was het andersom.",
                "Ein Batteriepack von Hand zu öffnen ist langsam und riskant. Das Start-up kannte die verschiedenen Pack-Bauformen, hatte aber keine Erfahrung im Maschinenbau; beim Maschinenbauer war es umgekehrt.",
            ),
            T(
                "After a first meeting at a matchmaking event, the partners built a prototype with a camera that recognises the pack type and a robot that removes screws and covers. The cell now runs in a pilot at the start-up's site.",
                "Na een eerste ontmoeting op een matchmakingevent bouwden de partners een prototype met een camera die het type pakket herkent en een robot die schroeven en deksels verwijdert. De cel draait nu als pilot op de locatie van de start-up.",
                "Nach einem ersten Treffen bei einer Matchmaking-Veranstaltung bauten die Partner einen Prototyp mit einer Kamera, die den Pack-Typ erkennt, und einem Roboter, der Schrauben und Deckel entfernt. Die Zelle läuft nun im Pilotbetrieb am Standort des Start-ups.",
            ),
        ],
    },
    {
        "slug": T("yarn-from-workwear", "garen-uit-werkkleding", "garn-aus-arbeitskleidung"),
        "title": T(
            "New yarn from old workwear",
            "Nieuw garen uit oude werkkleding",
            "Neues Garn aus alter Arbeitskleidung",
        ),
        "cluster": "circular_economy",
        "summary": T(
            "A textile sorting company in Twente and a spinning mill in the Münsterland found a way to turn worn-out workwear into yarn for new garments.",
            "Een textielsorteerbedrijf in Twente en een spinnerij in het Münsterland vonden een manier om versleten werkkleding om te zetten in garen voor nieuwe kleding.",
            "Ein Textilsortierbetrieb in Twente und eine Spinnerei im Münsterland fanden einen Weg, abgetragene Arbeitskleidung zu Garn für neue Kleidung zu verarbeiten.",
        ),
        "partners": [
            ("Twentse Vezel Sortering B.V. (example)", "NL", "lead"),
            ("Spinnerei Vechtetal GmbH (example)", "DE", "partner"),
            ("Textile research group of a university of applied sciences (example)", "NL", "associated"),
        ],
        "figures": [
            (
                "30%",
                T(
                    "recycled fibre in the new yarn",
                    "gerecyclede vezel in het nieuwe garen",
                    "Recyclingfaser im neuen Garn",
                ),
            ),
            (
                "12 t",
                T(
                    "of workwear processed in the pilot",
                    "werkkleding verwerkt in de pilot",
                    "Arbeitskleidung im Pilotprojekt verarbeitet",
                ),
            ),
        ],
        "quote": (
            T(
                "The fibre was always there. What was missing was a partner who could spin it.",
                "De vezel was er altijd al. Wat ontbrak, was een partner die hem kon spinnen.",
                "Die Faser war immer da. Was fehlte, war ein Partner, der sie verspinnen konnte.",
            ),
            T(
                "Managing director of the sorting company",
                "Directeur van het sorteerbedrijf",
                "Geschäftsführerin des Sortierbetriebs",
            ),
        ),
        "body": [
            T(
                "Workwear is made of robust blends that are hard to recycle. The sorting company developed a way to separate the fabrics by fibre using near-infrared scanners.",
                "Werkkleding bestaat uit robuuste mengweefsels die moeilijk te recyclen zijn. Het sorteerbedrijf ontwikkelde een manier om de stoffen met nabij-infraroodscanners op vezel te scheiden.",
                "Arbeitskleidung besteht aus robusten Mischgeweben, die schwer zu recyceln sind. Der Sortierbetrieb entwickelte ein Verfahren, die Stoffe mit Nahinfrarot-Scannern nach Fasern zu trennen.",
            ),
            T(
                "The spinning mill tested different mixes of recycled and new fibre until the yarn was strong enough for workwear again. The first garments are now being worn and tested.",
                "De spinnerij testte verschillende mengsels van gerecyclede en nieuwe vezel totdat het garen weer sterk genoeg was voor werkkleding. De eerste kledingstukken worden nu gedragen en getest.",
                "Die Spinnerei testete verschiedene Mischungen aus Recycling- und Neufaser, bis das Garn wieder stark genug für Arbeitskleidung war. Die ersten Kleidungsstücke werden nun getragen und getestet.",
            ),
        ],
    },
    {
        "slug": T(
            "vision-inspection-for-small-batches", "beeldinspectie-voor-kleine-series", "bildpruefung-fuer-kleinserien"
        ),
        "title": T(
            "Camera inspection that pays off for small batches",
            "Camera-inspectie die loont bij kleine series",
            "Kameraprüfung, die sich auch bei Kleinserien lohnt",
        ),
        "cluster": "advanced_manufacturing_robotics",
        "summary": T(
            "A software company from Gelderland and a metalworking firm from Emscher-Lippe built an inspection station that learns a new part in minutes.",
            "Een softwarebedrijf uit Gelderland en een metaalbewerker uit Emscher-Lippe bouwden een inspectiestation dat een nieuw onderdeel in enkele minuten leert.",
            "Ein Softwareunternehmen aus Gelderland und ein Metallverarbeiter aus der Emscher-Lippe-Region bauten eine Prüfstation, die ein neues Bauteil in wenigen Minuten lernt.",
        ),
        "partners": [
            ("Veluwe Vision Software B.V. (example)", "NL", "partner"),
            ("Metallbau Lippe GmbH (example)", "DE", "lead"),
        ],
        "figures": [
            (
                "15 min",
                T(
                    "to teach the station a new part",
                    "om het station een nieuw onderdeel te leren",
                    "um der Station ein neues Bauteil beizubringen",
                ),
            ),
            (
                "3",
                T("new customers for the software", "nieuwe klanten voor de software", "neue Kunden für die Software"),
            ),
        ],
        "quote": (
            T(
                "Our batches are too small for classic machine vision. This station changed the calculation.",
                "Onze series zijn te klein voor klassieke beeldverwerking. Dit station veranderde de rekensom.",
                "Unsere Serien sind zu klein für klassische Bildverarbeitung. Diese Station hat die Rechnung verändert.",
            ),
            T(
                "Production manager at the metalworking firm",
                "Productiemanager bij de metaalbewerker",
                "Produktionsleiter beim Metallverarbeiter",
            ),
        ),
        "body": [
            T(
                "Classic inspection systems need weeks of set-up for each new part, which only pays off for large series. The metalworking firm produces hundreds of different parts in small numbers.",
                "Klassieke inspectiesystemen hebben voor elk nieuw onderdeel weken instelwerk nodig, wat alleen loont bij grote series. De metaalbewerker maakt honderden verschillende onderdelen in kleine aantallen.",
                "Klassische Prüfsysteme brauchen für jedes neue Bauteil wochenlange Einrichtung, was sich nur bei großen Serien lohnt. Der Metallverarbeiter fertigt Hunderte verschiedener Teile in kleinen Stückzahlen.",
            ),
            T(
                "The software company adapted its learning algorithms so that a handful of good and bad examples are enough. The station now checks every part before it leaves the factory.",
                "Het softwarebedrijf paste zijn leeralgoritmen aan zodat een handvol goede en slechte voorbeelden volstaat. Het station controleert nu elk onderdeel voordat het de fabriek verlaat.",
                "Das Softwareunternehmen passte seine Lernalgorithmen so an, dass eine Handvoll guter und schlechter Beispiele genügt. Die Station prüft nun jedes Teil, bevor es das Werk verlässt.",
            ),
        ],
    },
    {
        "slug": T("rehabilitation-at-home", "revalidatie-thuis", "rehabilitation-zu-hause"),
        "title": T(
            "Rehabilitation exercises at home, followed by the therapist",
            "Revalidatieoefeningen thuis, gevolgd door de therapeut",
            "Reha-Übungen zu Hause, begleitet von der Therapeutin",
        ),
        "cluster": "health_medtech",
        "summary": T(
            "A sensor start-up from Enschede and a rehabilitation clinic in the Münsterland tested a system that lets patients practise at home while the therapist follows their progress.",
            "Een sensorstart-up uit Enschede en een revalidatiekliniek in het Münsterland testten een systeem waarmee patiënten thuis oefenen terwijl de therapeut hun voortgang volgt.",
            "Ein Sensor-Start-up aus Enschede und eine Rehaklinik im Münsterland erprobten ein System, mit dem Patienten zu Hause üben, während die Therapeutin ihre Fortschritte verfolgt.",
        ),
        "partners": [
            ("MoveSense Twente B.V. (example)", "NL", "lead"),
            ("Reha-Zentrum Münsterland (example)", "DE", "partner"),
        ],
        "figures": [
            ("45", T("patients in the pilot", "patiënten in de pilot", "Patientinnen und Patienten im Pilotprojekt")),
            ("2", T("languages in the patient app", "talen in de patiënten-app", "Sprachen in der Patienten-App")),
        ],
        "quote": (
            T(
                "Patients practise more when they know someone is watching their progress.",
                "Patiënten oefenen meer als ze weten dat iemand hun voortgang volgt.",
                "Patienten üben mehr, wenn sie wissen, dass jemand ihre Fortschritte verfolgt.",
            ),
            T("Physiotherapist at the clinic", "Fysiotherapeut bij de kliniek", "Physiotherapeutin in der Klinik"),
        ),
        "body": [
            T(
                "After a knee or hip operation, patients are given exercises for home, but nobody sees whether they do them correctly. The start-up's small sensors record the movements and show them to the therapist.",
                "Na een knie- of heupoperatie krijgen patiënten oefeningen mee naar huis, maar niemand ziet of ze die goed doen. De kleine sensoren van de start-up registreren de bewegingen en tonen ze aan de therapeut.",
                "Nach einer Knie- oder Hüftoperation bekommen Patienten Übungen für zu Hause, aber niemand sieht, ob sie sie richtig ausführen. Die kleinen Sensoren des Start-ups erfassen die Bewegungen und zeigen sie der Therapeutin.",
            ),
            T(
                "The clinic contributed its therapy plans and tested the system with patients. Data protection was designed in from the start so that the pilot met the rules of both countries.",
                "De kliniek bracht haar therapieplannen in en testte het systeem met patiënten. Gegevensbescherming was vanaf het begin onderdeel van het ontwerp, zodat de pilot voldeed aan de regels van beide landen.",
                "Die Klinik brachte ihre Therapiepläne ein und erprobte das System mit Patienten. Der Datenschutz war von Anfang an Teil des Entwurfs, sodass das Pilotprojekt die Regeln beider Länder erfüllte.",
            ),
        ],
    },
]

# Standard pages: about, imprint, privacy, accessibility. Keys name them for the navigation.
STANDARD_PAGES = {
    "about": {
        "slug": T("about", "over-ons", "ueber-uns"),
        "title": T("About TECH.LAND", "Over TECH.LAND", "Über TECH.LAND"),
        "intro": [
            T(
                "TECH.LAND is an open platform for cross-border innovation in the Dutch–German border region.",
                "TECH.LAND is een open platform voor grensoverschrijdende innovatie in de Nederlands-Duitse grensregio.",
                "TECH.LAND ist eine offene Plattform für grenzüberschreitende Innovation in der deutsch-niederländischen Grenzregion.",
            )
        ],
        "body": [
            ("heading", T("What the platform offers", "Wat het platform biedt", "Was die Plattform bietet")),
            (
                "paragraph",
                T(
                    "A directory of companies, knowledge institutions, networks and public bodies in Overijssel, Gelderland, the Münsterland and Emscher-Lippe, built from public data; news and success stories from four clusters; and, for members, suggestions for partners across the border with the reasons behind them.",
                    "Een gids van bedrijven, kennisinstellingen, netwerken en overheden in Overijssel, Gelderland, het Münsterland en Emscher-Lippe, opgebouwd uit openbare gegevens; nieuws en succesverhalen uit vier clusters; en voor leden suggesties voor partners over de grens, met de redenen erbij.",
                    "Ein Verzeichnis von Unternehmen, Wissenseinrichtungen, Netzwerken und Behörden in Overijssel, Gelderland, im Münsterland und in der Emscher-Lippe-Region, aufgebaut aus öffentlichen Daten; Nachrichten und Erfolgsgeschichten aus vier Clustern; und für Mitglieder Vorschläge für Partner jenseits der Grenze, jeweils mit Begründung.",
                ),
            ),
            ("heading", T("The regions", "De regio's", "Die Regionen")),
            (
                "table",
                {
                    "caption": T(
                        "The four regions of the platform",
                        "De vier regio's van het platform",
                        "Die vier Regionen der Plattform",
                    ),
                    "rows": [
                        [T("Region", "Regio", "Region"), T("Country", "Land", "Land")],
                        [T("Overijssel", "Overijssel", "Overijssel"), T("Netherlands", "Nederland", "Niederlande")],
                        [T("Gelderland", "Gelderland", "Gelderland"), T("Netherlands", "Nederland", "Niederlande")],
                        [T("Münsterland", "Münsterland", "Münsterland"), T("Germany", "Duitsland", "Deutschland")],
                        [
                            T("Emscher-Lippe", "Emscher-Lippe", "Emscher-Lippe"),
                            T("Germany", "Duitsland", "Deutschland"),
                        ],
                    ],
                },
            ),
            ("heading", T("Data sources", "Gegevensbronnen", "Datenquellen")),
            (
                "paragraph",
                T(
                    "Organisation and project data come from CORDIS, the European Commission's database of EU research projects, and from the Research Organization Registry. News items and success stories marked as examples were written for this platform.",
                    "Gegevens over organisaties en projecten komen uit CORDIS, de databank van de Europese Commissie met EU-onderzoeksprojecten, en uit de Research Organization Registry. Nieuwsberichten en succesverhalen die als voorbeeld zijn gemarkeerd, zijn voor dit platform geschreven.",
                    "Die Daten zu Organisationen und Projekten stammen aus CORDIS, der Datenbank der Europäischen Kommission zu EU-Forschungsprojekten, und aus der Research Organization Registry. Als Beispiel gekennzeichnete Nachrichten und Erfolgsgeschichten wurden für diese Plattform geschrieben.",
                ),
            ),
        ],
    },
    "imprint": {
        "slug": T("imprint", "colofon", "impressum"),
        "title": T("Imprint", "Colofon", "Impressum"),
        "intro": [
            T(
                "Information about the operator of this website.",
                "Informatie over de beheerder van deze website.",
                "Angaben zum Betreiber dieser Website.",
            )
        ],
        "body": [
            (
                "paragraph",
                T(
                    "This imprint is sample content. Before the site goes live, the operator must enter its name, postal address, e-mail address, legal representative, register entry and VAT number here.",
                    "Dit colofon is voorbeeldinhoud. Voordat de site live gaat, moet de beheerder hier zijn naam, postadres, e-mailadres, wettelijk vertegenwoordiger, inschrijving in het handelsregister en btw-nummer invullen.",
                    "Dieses Impressum ist ein Beispieltext. Bevor die Website online geht, muss der Betreiber hier Namen, Postanschrift, E-Mail-Adresse, Vertretungsberechtigte, Registereintrag und Umsatzsteuer-Identifikationsnummer angeben.",
                ),
            ),
            (
                "heading",
                T("Responsible for the content", "Verantwoordelijk voor de inhoud", "Verantwortlich für den Inhalt"),
            ),
            (
                "paragraph",
                T(
                    "The editorial team of TECH.LAND. Organisation data in the directory come from public sources and are shown with their origin.",
                    "De redactie van TECH.LAND. Gegevens over organisaties in de gids komen uit openbare bronnen en worden met hun herkomst getoond.",
                    "Die Redaktion von TECH.LAND. Organisationsdaten im Verzeichnis stammen aus öffentlichen Quellen und werden mit ihrer Herkunft angezeigt.",
                ),
            ),
        ],
    },
    "privacy": {
        "slug": T("privacy", "privacy", "datenschutz"),
        "title": T("Privacy statement", "Privacyverklaring", "Datenschutzerklärung"),
        "intro": [
            T(
                "How TECH.LAND handles personal data.",
                "Hoe TECH.LAND met persoonsgegevens omgaat.",
                "Wie TECH.LAND mit personenbezogenen Daten umgeht.",
            )
        ],
        "body": [
            ("heading", T("Visiting the website", "Bezoek van de website", "Besuch der Website")),
            (
                "paragraph",
                T(
                    "When you read the public pages, the server records technical data such as your IP address, the page requested and the time, to keep the service secure. These logs are deleted after a short period. The public pages set no tracking or advertising cookies and load no content from third parties.",
                    "Wanneer u de openbare pagina's leest, registreert de server technische gegevens zoals uw IP-adres, de opgevraagde pagina en het tijdstip, om de dienst veilig te houden. Deze logbestanden worden na korte tijd verwijderd. De openbare pagina's plaatsen geen tracking- of advertentiecookies en laden geen inhoud van derden.",
                    "Wenn Sie die öffentlichen Seiten lesen, protokolliert der Server technische Daten wie Ihre IP-Adresse, die aufgerufene Seite und die Uhrzeit, um den Dienst sicher zu betreiben. Diese Protokolle werden nach kurzer Zeit gelöscht. Die öffentlichen Seiten setzen keine Tracking- oder Werbe-Cookies und laden keine Inhalte von Dritten.",
                ),
            ),
            ("heading", T("Members", "Leden", "Mitglieder")),
            (
                "paragraph",
                T(
                    "If you register as a member, we store your name, e-mail address and the organisation you represent, and use them only to run your account. A session cookie keeps you logged in.",
                    "Als u zich registreert als lid, slaan wij uw naam, e-mailadres en de organisatie die u vertegenwoordigt op en gebruiken die alleen voor uw account. Een sessiecookie houdt u ingelogd.",
                    "Wenn Sie sich als Mitglied registrieren, speichern wir Ihren Namen, Ihre E-Mail-Adresse und die Organisation, die Sie vertreten, und nutzen sie nur für Ihr Konto. Ein Sitzungscookie hält Sie angemeldet.",
                ),
            ),
            ("heading", T("Your rights", "Uw rechten", "Ihre Rechte")),
            (
                "paragraph",
                T(
                    "Under the General Data Protection Regulation you may ask for access to, correction or deletion of your data. This statement is sample content; the operator adds its contact details before the site goes live.",
                    "Op grond van de Algemene verordening gegevensbescherming kunt u vragen om inzage in, correctie of verwijdering van uw gegevens. Deze verklaring is voorbeeldinhoud; de beheerder vult zijn contactgegevens in voordat de site live gaat.",
                    "Nach der Datenschutz-Grundverordnung können Sie Auskunft über Ihre Daten, deren Berichtigung oder Löschung verlangen. Diese Erklärung ist ein Beispieltext; der Betreiber ergänzt seine Kontaktdaten, bevor die Website online geht.",
                ),
            ),
        ],
    },
    "accessibility": {
        "slug": T("accessibility", "toegankelijkheid", "barrierefreiheit"),
        "title": T("Accessibility statement", "Toegankelijkheidsverklaring", "Erklärung zur Barrierefreiheit"),
        "intro": [
            T(
                "We want everyone to be able to use TECH.LAND.",
                "Wij willen dat iedereen TECH.LAND kan gebruiken.",
                "Wir möchten, dass alle TECH.LAND nutzen können.",
            )
        ],
        "body": [
            (
                "paragraph",
                T(
                    "The site aims to meet the Web Content Accessibility Guidelines (WCAG) 2.1 at level AA. Pages can be used with the keyboard alone, have a link to skip to the main content, use real headings and lists, and work when text is enlarged.",
                    "De site streeft ernaar te voldoen aan de Web Content Accessibility Guidelines (WCAG) 2.1 op niveau AA. Pagina's zijn met alleen het toetsenbord te bedienen, hebben een link om naar de hoofdinhoud te springen, gebruiken echte koppen en lijsten en werken bij vergrote tekst.",
                    "Die Website soll die Web Content Accessibility Guidelines (WCAG) 2.1 auf Stufe AA erfüllen. Die Seiten lassen sich allein mit der Tastatur bedienen, haben einen Link zum Hauptinhalt, verwenden echte Überschriften und Listen und funktionieren bei vergrößertem Text.",
                ),
            ),
            ("heading", T("Known limitations", "Bekende beperkingen", "Bekannte Einschränkungen")),
            (
                "paragraph",
                T(
                    "Organisation names and descriptions in the directory come from public sources and are shown in the language in which they were published. Some documents uploaded by editors may not be fully accessible.",
                    "Namen en beschrijvingen van organisaties in de gids komen uit openbare bronnen en worden getoond in de taal waarin ze zijn gepubliceerd. Sommige documenten die redacteuren uploaden, zijn mogelijk niet volledig toegankelijk.",
                    "Namen und Beschreibungen von Organisationen im Verzeichnis stammen aus öffentlichen Quellen und werden in der Sprache angezeigt, in der sie veröffentlicht wurden. Einige von der Redaktion hochgeladene Dokumente sind möglicherweise nicht vollständig barrierefrei.",
                ),
            ),
            ("heading", T("Feedback", "Feedback", "Feedback")),
            (
                "paragraph",
                T(
                    "If something does not work for you, please tell the editorial team. This statement is sample content; the operator adds a contact address before the site goes live.",
                    "Als iets voor u niet werkt, laat het de redactie dan weten. Deze verklaring is voorbeeldinhoud; de beheerder vult een contactadres in voordat de site live gaat.",
                    "Wenn etwas für Sie nicht funktioniert, sagen Sie es bitte der Redaktion. Diese Erklärung ist ein Beispieltext; der Betreiber ergänzt eine Kontaktadresse, bevor die Website online geht.",
                ),
            ),
        ],
    },
}

HOME_FIGURES_HEADING = T("The region in figures", "De regio in cijfers", "Die Region in Zahlen")
HOME_FIGURES = [
    (
        "4",
        T(
            "regions on both sides of the border",
            "regio's aan beide kanten van de grens",
            "Regionen beiderseits der Grenze",
        ),
    ),
    ("2", T("countries", "landen", "Länder")),
    ("4", T("innovation clusters", "innovatieclusters", "Innovationscluster")),
    ("3", T("languages", "talen", "Sprachen")),
]

NAVIGATION = {
    "main": [
        ("clusters", T("Clusters", "Clusters", "Cluster")),
        ("news", T("News", "Nieuws", "Nachrichten")),
        ("stories", T("Success stories", "Succesverhalen", "Erfolgsgeschichten")),
        ("about", T("About", "Over ons", "Über uns")),
    ],
    "footer": [
        ("imprint", T("Imprint", "Colofon", "Impressum")),
        ("privacy", T("Privacy", "Privacy", "Datenschutz")),
        ("accessibility", T("Accessibility", "Toegankelijkheid", "Barrierefreiheit")),
        ("about", T("About TECH.LAND", "Over TECH.LAND", "Über TECH.LAND")),
    ],
    "footer_text": T(
        "TECH.LAND connects companies, knowledge institutions and networks across the Dutch–German border: Overijssel, Gelderland, Münsterland and Emscher-Lippe.",
        "TECH.LAND verbindt bedrijven, kennisinstellingen en netwerken over de Nederlands-Duitse grens: Overijssel, Gelderland, Münsterland en Emscher-Lippe.",
        "TECH.LAND verbindet Unternehmen, Wissenseinrichtungen und Netzwerke über die deutsch-niederländische Grenze hinweg: Overijssel, Gelderland, Münsterland und Emscher-Lippe.",
    ),
}
