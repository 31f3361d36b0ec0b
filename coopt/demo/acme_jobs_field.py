"""Maison Lumière's jobs in stores, on building sites and in warehouses."""

from .jobs import JobSpec, TemplateSpec

REWARD_STANDARD = "1 000 EUR après la période d'essai"
REWARD_HIGH = "1 500 EUR après la période d'essai"
REWARD_FIELD = "750 EUR après la période d'essai"
REWARD_SMALL = "500 EUR après la période d'essai"

SALES_ADVISOR = JobSpec(
    key="sales-advisor-template",
    title="Conseiller·ère de vente en magasin",
    family="Commercial & ventes",
    sector="Distribution",
    locations=(),
    contract="permanent",
    salary=(25000, 29000),
    reward=REWARD_SMALL,
    intro=(
        "Dans l'un de nos 140 magasins, vous accompagnez nos clients dans leurs projets "
        "d'éclairage, de confort et d'économies d'énergie."
    ),
    missions=(
        "Accueillir, conseiller et fidéliser une clientèle de particuliers",
        "Présenter nos offres d'énergie verte et nos solutions connectées",
        "Tenir votre rayon : implantation, étiquetage, réassort",
        "Encaisser et suivre les commandes et les poses à domicile",
    ),
    profile=(
        "Une première expérience de la vente, idéalement en équipement de la maison",
        "Le goût du conseil et du travail en équipe",
        "Disponibilité le samedi, un dimanche par mois en période de fêtes",
    ),
)

FIELD_TECHNICIAN = JobSpec(
    key="field-technician-template",
    title="Technicien·ne d'intervention énergie",
    family="Ingénierie",
    sector="Énergie",
    locations=(),
    contract="permanent",
    salary=(28000, 34000),
    reward=REWARD_FIELD,
    intro=(
        "Au sein de notre agence régionale, vous installez et entretenez les équipements "
        "de nos clients : pompes à chaleur, panneaux solaires, bornes de recharge."
    ),
    missions=(
        "Réaliser les mises en service et les visites d'entretien annuelles",
        "Diagnostiquer les pannes et intervenir en dépannage",
        "Conseiller les clients sur l'usage et les économies d'énergie",
        "Renseigner les interventions sur tablette",
    ),
    profile=(
        "Bac pro ou BTS en électrotechnique, CVC ou énergétique",
        "Habilitation électrique et, idéalement, attestation fluides frigorigènes",
        "Permis B indispensable ; véhicule de service fourni",
    ),
)

TEMPLATES = [
    TemplateSpec("sales", "Vente en magasin (modèle)", SALES_ADVISOR),
    TemplateSpec("technician", "Technicien·ne terrain (modèle)", FIELD_TECHNICIAN),
]

JOBS = [
    JobSpec(
        key="store-manager-lyon",
        title="Responsable de magasin – Lyon Part-Dieu",
        family="Commercial & ventes",
        sector="Distribution",
        locations=("Lyon",),
        contract="permanent",
        salary=(42000, 50000),
        reward=REWARD_STANDARD,
        age_days=64,
        closes_in_days=21,
        intro=(
            "Notre magasin de Lyon Part-Dieu, 1 200 m² et 18 collaborateurs, cherche son "
            "ou sa responsable pour poursuivre une belle croissance."
        ),
        missions=(
            "Animer et faire grandir une équipe de conseillers et de techniciens",
            "Piloter le chiffre d'affaires, la marge et les stocks",
            "Porter le développement de nos offres d'énergie auprès des clients",
            "Garantir la sécurité et la qualité de l'accueil",
        ),
        profile=(
            "Cinq ans d'expérience en management de point de vente",
            "Le sens du chiffre et du terrain",
            "Une vraie envie de faire progresser les autres",
        ),
    ),
    JobSpec(
        key="sales-advisor-bordeaux",
        title="Conseiller·ère de vente énergie – Bordeaux",
        family="Commercial & ventes",
        sector="Énergie",
        locations=("Bordeaux",),
        contract="permanent",
        salary=(26000, 30000),
        reward=REWARD_SMALL,
        age_days=58,
        template="sales",
        intro=SALES_ADVISOR.intro,
        missions=SALES_ADVISOR.missions,
        profile=SALES_ADVISOR.profile,
    ),
    JobSpec(
        key="pv-engineer-nantes",
        title="Ingénieur·e photovoltaïque",
        family="Ingénierie",
        sector="Énergie",
        locations=("Nantes", "Bordeaux"),
        contract="permanent",
        salary=(45000, 55000),
        reward=REWARD_HIGH,
        age_days=75,
        intro=(
            "Vous concevez les centrales solaires en toiture que nous installons pour les "
            "collectivités et les entreprises de l'Ouest."
        ),
        missions=(
            "Dimensionner les installations et réaliser les études de productible",
            "Rédiger les dossiers de raccordement et les notes de calcul",
            "Accompagner les équipes travaux jusqu'à la mise en service",
            "Participer à l'amélioration continue de nos standards techniques",
        ),
        profile=(
            "Diplôme d'ingénieur en génie électrique ou énergétique",
            "Maîtrise de PVsyst et d'AutoCAD",
            "Trois ans d'expérience en bureau d'études solaire",
        ),
    ),
    JobSpec(
        key="hvac-technician-lille",
        title="Technicien·ne de maintenance CVC – Lille",
        family="Ingénierie",
        sector="Services",
        locations=("Lille",),
        contract="permanent",
        salary=(30000, 36000),
        reward=REWARD_FIELD,
        age_days=40,
        template="technician",
        intro=FIELD_TECHNICIAN.intro,
        missions=FIELD_TECHNICIAN.missions,
        profile=FIELD_TECHNICIAN.profile,
    ),
    JobSpec(
        key="heat-pump-installer-nantes",
        title="Installateur·rice de pompes à chaleur",
        family="Ingénierie",
        sector="Énergie",
        locations=("Nantes",),
        contract="permanent",
        salary=(28000, 34000),
        reward=REWARD_FIELD,
        age_days=35,
        intro=(
            "Avec la rénovation énergétique, notre agence nantaise double ses équipes de pose. "
            "Rejoignez un binôme expérimenté sur des chantiers de maisons individuelles."
        ),
        missions=(
            "Installer des pompes à chaleur air/eau et air/air",
            "Raccorder les circuits hydrauliques et électriques",
            "Réaliser la mise en service et expliquer l'équipement au client",
            "Laisser un chantier propre et un client satisfait",
        ),
        profile=(
            "CAP ou bac pro en plomberie, chauffage ou climatisation",
            "Attestation de capacité fluides frigorigènes appréciée",
            "Permis B ; débutants motivés bienvenus, nous formons",
        ),
    ),
    JobSpec(
        key="warehouse-manager-lille",
        title="Responsable d'entrepôt logistique",
        family="Supply chain",
        sector="Distribution",
        locations=("Lille",),
        contract="permanent",
        salary=(44000, 50000),
        reward=REWARD_STANDARD,
        age_days=70,
        intro=(
            "Notre plateforme de Lesquin, 35 000 m², approvisionne les magasins du nord de la "
            "France et du Benelux."
        ),
        missions=(
            "Encadrer trois chefs d'équipe et soixante préparateurs",
            "Suivre la productivité, la qualité de préparation et la sécurité",
            "Préparer les pics d'activité avec nos partenaires intérim",
            "Conduire les projets d'automatisation de l'entrepôt",
        ),
        profile=(
            "Une première expérience réussie de responsable d'exploitation",
            "Une bonne maîtrise d'un WMS et d'Excel",
            "Un management exigeant et bienveillant",
        ),
    ),
    JobSpec(
        key="buyer-bordeaux",
        title="Approvisionneur·se",
        family="Supply chain",
        sector="Distribution",
        locations=("Bordeaux",),
        contract="permanent",
        salary=None,
        reward=REWARD_FIELD,
        age_days=22,
        intro="Vous garantissez la disponibilité de nos 6 000 références en magasin.",
        missions=(
            "Calculer et passer les commandes fournisseurs",
            "Suivre les délais et gérer les ruptures",
            "Optimiser les stocks avec les équipes commerce",
        ),
        profile=(
            "Bac+2/3 en logistique ou achats",
            "Aisance avec les chiffres et les outils ERP",
            "Rigueur et sens de la négociation",
        ),
    ),
    JobSpec(
        key="customer-advisor-brussels",
        title="Conseiller·ère clientèle bilingue français-néerlandais",
        family="Service client",
        sector="Énergie",
        locations=("Bruxelles",),
        contract="permanent",
        salary=(32000, 36000),
        reward=REWARD_FIELD,
        age_days=50,
        intro=(
            "Depuis Bruxelles, vous répondez aux clients belges de nos offres d'électricité "
            "et de gaz verts, par téléphone, chat et e-mail."
        ),
        missions=(
            "Répondre aux demandes sur les contrats, les factures et les déménagements",
            "Résoudre les réclamations du premier coup autant que possible",
            "Proposer les services adaptés à chaque foyer",
        ),
        profile=(
            "Français et néerlandais courants, l'anglais est un plus",
            "Une expérience en centre de relation client",
            "Patience, écoute et clarté",
        ),
    ),
    JobSpec(
        key="seasonal-seller-bordeaux",
        title="Vendeur·se conseil – renfort de fin d'année",
        family="Commercial & ventes",
        sector="Distribution",
        locations=("Bordeaux", "Nantes"),
        contract="fixed_term",
        salary=(22000, 23000),
        reward="300 EUR à la fin du contrat",
        status="closed",
        age_days=88,
        intro="Renforcez nos équipes pendant la période des fêtes, de novembre à janvier.",
        missions=(
            "Conseiller les clients sur les luminaires et la décoration",
            "Participer à la mise en place des animations de Noël",
            "Tenir la caisse et les commandes",
        ),
        profile=(
            "Un premier contact avec la vente",
            "Le sourire et l'énergie des grands jours",
        ),
    ),
    JobSpec(
        key="renovation-pm-amsterdam",
        title="Chef·fe de projet rénovation énergétique – Amsterdam",
        family="Ingénierie",
        sector="Énergie",
        locations=("Amsterdam",),
        contract="permanent",
        salary=(52000, 60000),
        reward=REWARD_HIGH,
        status="filled",
        age_days=95,
        intro=(
            "Nous ouvrons aux Pays-Bas notre offre de rénovation énergétique clé en main pour "
            "les copropriétés."
        ),
        missions=(
            "Piloter les projets de l'audit jusqu'à la réception des travaux",
            "Coordonner les entreprises partenaires et les bureaux de contrôle",
            "Tenir les budgets, les délais et la relation avec les syndics",
        ),
        profile=(
            "Ingénieur·e ou conducteur·rice de travaux confirmé·e",
            "Néerlandais et anglais courants, le français est un atout",
            "Connaissance des aides à la rénovation aux Pays-Bas",
        ),
    ),
]
