"""The demo content of `manage.py seed_demo` (development only: the accounts' password is public).

Texts and data live in data/<topic>.toml (read by loader.load); the module of the same topic
holds only the seeding: it reads its file, writes through the project's services as people would
on the site, moves dates back so the content looks lived in, and leaves alone what exists.

seed_demo runs them in this order, each relying on what came before:

1. members     fictional members, one per role
2. forum       three spaces and their conversations, with documents made by documents.py
3. following   follows, skills, email choices and an announcement
   messaging   private conversations between members, one answering a forum reply
4. moderation  two reports on forum replies, one dismissed
5. catalogue   partner organizations, representatives, services and access requests
6. needs       the people who declare needs, the needs, who joins them, satisfaction answers
   gatherings  gatherings of the portal, a partner and a space, registrations, a waiting list
7. pages       the home page text, the fixed pages, then publications and initiatives
"""
