"""What the generated world is made of: topics, genres, and the words of its lyrics.

A *topic* decides which photographs and cut-outs a music video shows and which
words its lyric uses; a *genre* decides the instruments, the drum pattern and
the visual style. Image sources per topic: images shipped in PyPI wheels
(scikit-image, matplotlib) always, Debian's ``tuxpaint-stamps-default`` photo
cut-outs (category folders) when the Debian assets are enabled.
"""

from __future__ import annotations

TOPICS = {
    "animals": {
        "pypi": ("skimage:chelsea.png", "skimage:horse.png"),
        "tuxpaint": ("animals/",),
        "words": ("cat", "horse", "bird", "wing", "paw", "tail", "feather", "nest", "wild", "fur", "howl", "herd"),
    },
    "food": {
        "pypi": ("skimage:coffee.png",),
        "tuxpaint": ("food/",),
        "words": ("coffee", "bread", "apple", "sugar", "honey", "table", "feast", "taste", "cup", "berry", "kitchen", "wine"),
    },
    "plants": {
        "pypi": ("skimage:grass.png",),
        "tuxpaint": ("plants/",),
        "words": ("flower", "tree", "leaf", "root", "garden", "bloom", "seed", "forest", "grass", "petal", "moss", "branch"),
    },
    "town": {
        "pypi": ("skimage:brick.png", "matplotlib:grace_hopper.jpg"),
        "tuxpaint": ("town/",),
        "words": ("street", "house", "window", "tower", "city", "door", "bridge", "corner", "lights", "roof", "square", "crowd"),
    },
    "vehicles": {
        "pypi": ("skimage:motorcycle_left.png", "skimage:rocket.jpg"),
        "tuxpaint": ("vehicles/", "military/vehicles/"),
        "words": ("wheel", "engine", "road", "train", "ride", "highway", "motor", "ship", "drive", "station", "speed", "track"),
    },
    "space": {
        "pypi": ("skimage:hubble_deep_field.jpg", "skimage:moon.png", "skimage:astronaut.png"),
        "tuxpaint": ("space/",),
        "words": ("star", "moon", "planet", "orbit", "comet", "galaxy", "sky", "rocket", "night", "light", "dust", "heaven"),
    },
}

BACKGROUNDS = {
    "pypi": ("skimage:gravel.png", "skimage:grass.png", "skimage:brick.png", "skimage:hubble_deep_field.jpg",
             "skimage:coffee.png", "skimage:rocket.jpg", "skimage:chelsea.png", "skimage:astronaut.png"),
    "mate": ("nature/",),
}

# GM programs (0-based): lead, harmony, bass; drum pattern name; visual style name.
GENRES = {
    "classical": {"lead": 40, "harmony": 48, "bass": 42, "drums": "none", "style": "soft"},
    "folk": {"lead": 73, "harmony": 25, "bass": 32, "drums": "folk", "style": "sepia"},
    "rock": {"lead": 29, "harmony": 30, "bass": 34, "drums": "rock", "style": "gritty"},
    "electronic": {"lead": 80, "harmony": 89, "bass": 38, "drums": "electro", "style": "neon"},
}

# GM drum keys per 16th-note step of one 4/4 bar: {key: (steps...)}.
DRUM_PATTERNS = {
    "none": {},
    "folk": {54: (4, 12), 35: (0, 8)},
    "rock": {36: (0, 8, 10), 38: (4, 12), 42: (0, 2, 4, 6, 8, 10, 12, 14)},
    "electro": {36: (0, 4, 8, 12), 39: (4, 12), 42: (2, 6, 10, 14), 46: (14,)},
}

MOOD_WORDS = {
    "positive": ("bright", "shine", "laugh", "dance", "golden", "alive", "free", "sunny", "smile", "joy"),
    "neutral": ("quiet", "slow", "gentle", "soft", "easy", "drift", "still", "calm", "breathe", "rest"),
    "negative": ("cold", "tears", "alone", "dark", "broken", "fear", "grey", "lost", "rain", "ache"),
}

FILLER = ("oh", "we", "you", "and", "the", "i", "in", "on", "my", "your", "when", "all",
          "night", "day", "come", "go", "back", "home", "again", "now", "with", "me")

SECTIONS = (  # name, share of the song, intensity 0..1
    ("intro", 0.15, 0.35),
    ("verse", 0.35, 0.65),
    ("chorus", 0.35, 1.0),
    ("outro", 0.15, 0.45),
)
