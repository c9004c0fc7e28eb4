npm install --save-dev jest ts-jest @types/jest @types/node typescript@6
