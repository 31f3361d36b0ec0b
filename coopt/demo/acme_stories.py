"""Maison Lumière's referrals: every pipeline status and every consent answer."""

from coopt.referrals.models import Consent, Source, Status

from .referrals import DEMO, Story, Texts

CONTACTED = (Status.CONTACTED, "Premier échange téléphonique")
MET = (Status.MET, "Entretien avec le manager")

TEXTS = Texts(
    relationships=(
        "Ancien collègue chez un fournisseur d'énergie",
        "Nous avons travaillé ensemble pendant trois ans",
        "Ami d'école d'ingénieurs",
        "Rencontré lors d'un salon professionnel",
        "Mon ancienne responsable en magasin",
        "Voisin et ami de longue date",
        "Camarade de promotion en master",
    ),
    motivations=(
        "Très bon relationnel client et un vrai sens du service.",
        "Rigoureux, autonome, et il cherche justement un poste dans la transition énergétique.",
        "Elle a monté une équipe de zéro chez son employeur actuel : exactement ce qu'il faut.",
        "Expertise technique solide et très pédagogue avec les clients.",
        "Je l'ai vue gérer des pics d'activité avec beaucoup de calme.",
        "Parle trois langues et connaît bien notre marché.",
        "Il veut revenir en région et notre projet l'enthousiasme.",
    ),
    mobility_motivation=(
        "Après quatre ans en magasin, je souhaite mettre ma connaissance des clients au service "
        "de la gamme connectée."
    ),
)

STORIES = (
    # Waiting for the referred person's answer.
    Story(
        "fullstack-dev-paris", ("Mehdi", "Bouzid", "fr"), 3, referrer=DEMO, consent=Consent.AWAITING
    ),
    Story("buyer-bordeaux", ("Clara", "Vasseur", "fr"), 5, consent=Consent.AWAITING),
    Story("sales-iberia", ("Pablo", "Ortega", "es"), 8, consent=Consent.AWAITING),
    Story(
        "customer-service-manager-lille",
        ("Virginie", "Lemaire", "fr"),
        12,
        consent=Consent.AWAITING,
    ),
    # Declined: the data is gone at once, the count stays.
    Story(
        "controller-paris", ("Arnaud", "Delmas", "fr"), 20, referrer=DEMO, consent=Consent.DECLINED
    ),
    Story("kam-italy", ("Davide", "Greco", "it"), 26, consent=Consent.DECLINED),
    # No answer within 30 days: expired and erased.
    Story("pv-engineer-nantes", ("Gaël", "Le Roux", "fr"), 44, consent=Consent.EXPIRED),
    Story("warehouse-manager-lille", ("Stéphane", "Vidal", "fr"), 52, consent=Consent.EXPIRED),
    # Confirmed, not yet contacted.
    Story("data-engineer-paris", ("Ana", "Costa", "en"), 6),
    Story("heat-pump-installer-nantes", ("Kevin", "Marchand", "fr"), 5, referrer=DEMO),
    Story("ap-analyst-warsaw", ("Marta", "Zielińska", "pl"), 7),
    Story("digital-marketing-apprentice", ("Lina", "Aubert", "fr"), 9),
    # Contacted.
    Story(
        "store-manager-lyon",
        ("Hélène", "Carpentier", "fr"),
        18,
        referrer=DEMO,
        steps=(CONTACTED,),
        reminder=(3, "Proposer un créneau avec le directeur régional", False),
    ),
    Story("product-manager-paris", ("Baptiste", "Renaud", "fr"), 15, steps=(CONTACTED,)),
    Story(
        "grid-engineer-munich",
        ("Jonas", "Krüger", "de"),
        21,
        steps=((Status.CONTACTED, "Call in English, very clear on his expectations"),),
    ),
    Story("recruiter-lyon", ("Noémie", "Chauvin", "fr"), 11, steps=(CONTACTED,)),
    # Met.
    Story(
        "data-engineer-paris",
        ("Victor", "Lemoine", "fr"),
        30,
        steps=(CONTACTED, MET),
        email_domain="example.com",
        note=(
            "Entretien technique solide : bonne maîtrise d'Airflow et de dbt, un peu juste "
            "sur le streaming. Très bonne communication. Disponible sous deux mois."
        ),
        reminder=(0, "Relancer le manager data pour son retour sur l'entretien", False),
    ),
    Story(
        "kam-italy",
        ("Elena", "Marchetti", "it"),
        35,
        steps=(CONTACTED, MET),
        note="Excellent réseau dans l'hôtellerie du nord de l'Italie. Prétentions : 62 k€.",
    ),
    Story(
        "customer-advisor-brussels",
        ("Jeroen", "Maes", "nl"),
        27,
        steps=(CONTACTED, MET),
        note="Parfaitement bilingue, expérience de deux ans chez un fournisseur flamand.",
    ),
    Story("hvac-technician-lille", ("Dylan", "Lefort", "fr"), 24, steps=(CONTACTED, MET)),
    # Hired.
    Story(
        "renovation-pm-amsterdam",
        ("Sanne", "Mulder", "nl"),
        70,
        steps=(CONTACTED, MET, (Status.HIRED, "Promesse signée, arrivée le 1er du mois")),
        note=(
            "Deux entretiens très convaincants ; références vérifiées auprès de son ancien syndic."
        ),
        reminder=(-20, "Envoyer la promesse d'embauche", True),
    ),
    Story(
        "sales-advisor-bordeaux",
        ("Jessica", "Moulin", "fr"),
        50,
        referrer=DEMO,
        steps=(CONTACTED, MET, (Status.HIRED, "Démarrage en magasin lundi")),
    ),
    Story(
        "pv-engineer-nantes",
        ("Yann", "Kerboul", "fr"),
        62,
        steps=(CONTACTED, MET, (Status.HIRED, "")),
        note="Maîtrise PVsyst confirmée par un cas pratique. Recommandé sans réserve.",
    ),
    # Not retained.
    Story(
        "seasonal-seller-bordeaux",
        ("Maëlle", "Texier", "fr"),
        60,
        steps=(
            CONTACTED,
            (Status.NOT_RETAINED, "Disponibilités incompatibles avec le planning des fêtes"),
        ),
    ),
    Story(
        "controller-paris",
        ("Quentin", "Barbier", "fr"),
        45,
        steps=(
            CONTACTED,
            MET,
            (Status.NOT_RETAINED, "Profil très financier, peu d'expérience du terrain"),
        ),
    ),
    Story(
        "ap-accountant-lyon",
        ("Sandrine", "Colin", "fr"),
        70,
        steps=((Status.NOT_RETAINED, "Poste pourvu par une mobilité interne"),),
    ),
    # Transferred to a job that fits better, where the process goes on.
    Story(
        "store-manager-lyon",
        ("Florian", "Guillot", "fr"),
        40,
        steps=(CONTACTED,),
        transfer_to="customer-service-manager-lille",
        steps_after_transfer=(CONTACTED, MET),
    ),
    # The same person recommended again by someone else: flagged to the recruiter.
    Story("fullstack-dev-paris", ("Victor", "Lemoine", "fr"), 10, email_domain="example.com"),
    # Applications through a member's link, a direct one, and internal mobility.
    Story(
        "fullstack-dev-paris", ("Alice", "Perrot", "fr"), 5, referrer=DEMO, source=Source.SHARE_LINK
    ),
    Story(
        "customer-advisor-brussels",
        ("Thibault", "Mertens", "fr"),
        14,
        source=Source.SHARE_LINK,
        steps=(CONTACTED,),
    ),
    Story("recruiter-lyon", ("Jade", "Marty", "fr"), 6, referrer="", source=Source.APPLICATION),
    Story(
        "product-manager-paris",
        ("Léa", "Fontaine", "fr"),
        9,
        referrer=DEMO,
        source=Source.MOBILITY,
        steps=((Status.CONTACTED, "Échange prévu avec la cheffe de produit senior"),),
    ),
)
